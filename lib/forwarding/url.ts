import { lookup } from "node:dns/promises";
import { addressKind, checkOrigin, refusedAddress } from "@/lib/wechat";
import { config } from "@/lib/config";
import { invalid } from "@/lib/errors";

const ALLOW_HINT = "; an operator may allow it with OUTBOUND_ALLOWED_NETWORKS";

/**
 * Refuses (400 on url) an endpoint deliveries could not reach, when it is saved: an address the
 * outbound guard refuses, or plain http to the public internet (events carry openids: https there).
 * The guard itself runs on every delivery (a name may resolve elsewhere later).
 */
export async function checkForwardUrl(url: string): Promise<void> {
  const allowed = config().outboundAllowedNetworks;
  const refused = await checkOrigin(url, { allowed, allowHint: ALLOW_HINT });
  if (refused) throw invalid("url_refused", `url: ${refused.message}`, "url");
  const parsed = new URL(url);
  if (parsed.protocol !== "http:") return;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await lookup(host, { all: true }).then(
    (found) => found.map((a) => a.address),
    () => [host],
  );
  const privateAllowed = addresses.every((a) => addressKind(a) !== null && refusedAddress(a, allowed) === null);
  if (!privateAllowed)
    throw invalid(
      "url_not_https",
      "url: must use https (http only for a private address allowed by OUTBOUND_ALLOWED_NETWORKS)",
      "url",
    );
}
