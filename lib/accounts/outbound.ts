import { checkOrigin, httpTransport, type AllowedNetworks, type ApiTransport, type Resolver } from "@/lib/wechat";
import { config } from "@/lib/config";
import { invalid } from "@/lib/errors";
import { sandboxApiBase } from "./api-origin";

// How an account's API calls leave the server. Its origin is typed by an admin, so every origin but
// the app's own sandbox goes through the address guard: public addresses only, unless the
// operator allows more with OUTBOUND_ALLOWED_NETWORKS (lib/wechat/outbound-address.ts).

const ALLOW_HINT = "; an operator may allow it with OUTBOUND_ALLOWED_NETWORKS";

const internal = httpTransport();
let guarded: { allowed: AllowedNetworks; transport: ApiTransport } | undefined;

/** The transport for calls to `apiBase`: the sandbox (this instance itself) directly, anything else guarded. */
export function transportFor(apiBase: string): ApiTransport {
  if (apiBase === sandboxApiBase()) return internal;
  const allowed = config().outboundAllowedNetworks;
  if (guarded?.allowed !== allowed) guarded = { allowed, transport: httpTransport({ allowed, allowHint: ALLOW_HINT }) };
  return guarded.transport;
}

/**
 * Refuses (400 on apiBase) an API origin whose address calls may not reach, when it is saved, so the
 * admin learns at once. The guard itself is at each connection: a name may resolve elsewhere later.
 */
export async function checkApiBase(apiBase: string | null | undefined, resolve?: Resolver): Promise<void> {
  if (!apiBase || apiBase === sandboxApiBase()) return;
  const refused = await checkOrigin(apiBase, { allowed: config().outboundAllowedNetworks, allowHint: ALLOW_HINT, resolve });
  if (refused) throw invalid("api_base_refused", `apiBase: ${refused.message}`, "apiBase");
}
