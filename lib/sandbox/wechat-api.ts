import { renderQrPng } from "@/lib/qr/render";
import { wxError, wxOk, type SandboxResponse } from "./errors";
import { findSandboxAccount, isSandboxApp } from "./accounts";
import { takeFault, type SandboxApi } from "./faults";
import { createTicket, findLiveTicket, parseQrRequest } from "./tickets";
import { authenticateApp, findTokenOwner, issueAccessToken, issueStableToken } from "./tokens";
import { hasNul } from "@/lib/validation/input";

// The sandbox's WeChat API, framework-neutral: plain inputs in, { status, json } out (always HTTP
// 200 with {errcode, errmsg} on errors, as WeChat). app/api/sandbox/** are thin adapters.
// Only sandbox accounts (Account.sandbox, the ones apiBaseFor() sends here) exist for it, each
// with its own AppID and AppSecret: a real account's AppID, token or ticket is answered exactly as
// an unknown one, so the sandbox can never be asked whether a real AppSecret is right.

export type { SandboxResponse } from "./errors";
export type SandboxOptions = { now?: () => number };

const clock = (opts: SandboxOptions) => (opts.now ?? Date.now)();

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// No AppID, secret, token or ticket WeChat issues holds a NUL (nor can PostgreSQL look one up): as good as none.
const given = (value: unknown): value is string => typeof value === "string" && value !== "" && !hasNul(value);

type Credentials = { grantType: unknown; appId: unknown; secret: unknown };

/**
 * The checks cgi-bin/token and stable_token share: a queued fault first (sandbox accounts only),
 * then 40002, 41002, 41004, 40013 (unknown or real AppID), 40125.
 */
async function checkCredentials(c: Credentials, api: SandboxApi, now: number): Promise<{ appId: string } | SandboxResponse> {
  const account = given(c.appId) ? await findSandboxAccount(c.appId) : null;
  if (account) {
    const fault = await takeFault(account.appId, api);
    if (fault) return wxError(fault.errcode, fault.errmsg, now);
  }
  if (c.grantType !== "client_credential") return wxError(40002, undefined, now);
  if (!given(c.appId)) return wxError(41002, undefined, now);
  if (!given(c.secret)) return wxError(41004, undefined, now);
  const app = authenticateApp(account, c.secret);
  return app.ok ? { appId: app.appId } : wxError(app.errcode, undefined, now);
}

/** GET cgi-bin/token?grant_type=client_credential&appid&secret — a new token on every call. */
export async function tokenApi(query: URLSearchParams, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = clock(opts);
  const credentials = { grantType: query.get("grant_type"), appId: query.get("appid"), secret: query.get("secret") };
  const checked = await checkCredentials(credentials, "token", now);
  if ("status" in checked) return checked;
  const issued = await issueAccessToken(checked.appId, now);
  return wxOk({ access_token: issued.accessToken, expires_in: issued.expiresIn });
}

/** POST cgi-bin/stable_token {grant_type, appid, secret, force_refresh}. */
export async function stableTokenApi(body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = clock(opts);
  const json = parseJson(body);
  if (!json) return wxError(47001, undefined, now);
  const checked = await checkCredentials(
    { grantType: json.grant_type, appId: json.appid, secret: json.secret },
    "stable_token",
    now,
  );
  if ("status" in checked) return checked;
  const result = await issueStableToken(checked.appId, json.force_refresh === true, now);
  if (!result.ok) return wxError(result.errcode, undefined, now);
  return wxOk({ access_token: result.token.accessToken, expires_in: result.token.expiresIn });
}

/**
 * The checks every access_token API makes, in WeChat's order: 41001 no token, 40001 unknown (or
 * not a sandbox account's), a queued fault for `api`, then 40001/42001 for a replaced or expired one.
 */
export async function authorizeCall(
  query: URLSearchParams,
  api: SandboxApi,
  now: number,
): Promise<{ appId: string } | SandboxResponse> {
  const token = query.get("access_token");
  if (!given(token)) return wxError(41001, undefined, now);
  const owner = await findTokenOwner(token, now);
  // A token of an account that is no longer a sandbox one is as unknown as one never issued.
  if (!owner || !(await isSandboxApp(owner.appId))) return wxError(40001, undefined, now);
  const fault = await takeFault(owner.appId, api);
  if (fault) return wxError(fault.errcode, fault.errmsg, now);
  const refused = await owner.check();
  if (refused) return wxError(refused, undefined, now);
  return { appId: owner.appId };
}

export { parseJson as parseSandboxJson, clock as sandboxClock };

/** POST cgi-bin/qrcode/create?access_token= — see parseQrRequest for every rule and code. */
export async function qrcodeCreateApi(query: URLSearchParams, body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = clock(opts);
  const caller = await authorizeCall(query, "qrcode/create", now);
  if ("status" in caller) return caller;

  const parsed = parseQrRequest(parseJson(body));
  if (!parsed.ok) return wxError(parsed.errcode, undefined, now);
  const created = await createTicket(caller.appId, parsed.value, now);
  if (!created.ok) return wxError(created.errcode, undefined, now);
  const { ticket, url, expireSeconds } = created.value;
  return wxOk(expireSeconds === null ? { ticket, url } : { ticket, expire_seconds: expireSeconds, url });
}

/** WeChat answers GETs of its POST-only APIs with 43002. */
export function requirePostApi(opts: SandboxOptions = {}): SandboxResponse {
  return wxError(43002, undefined, clock(opts));
}

export type ImageResponse = { status: 200 | 404; contentType: string; body: Buffer };

/**
 * GET cgi-bin/showqrcode?ticket= — the code's image, 430×430 like WeChat's. WeChat serves JPEG;
 * the sandbox serves PNG (same pixels, lossless). Unknown or expired ticket: 404.
 */
export async function showQrCodeApi(query: URLSearchParams, opts: SandboxOptions = {}): Promise<ImageResponse> {
  const ticket = query.get("ticket");
  const found = given(ticket) ? await findLiveTicket(ticket, clock(opts)) : null;
  if (!found || !(await isSandboxApp(found.appId)))
    return { status: 404, contentType: "text/plain; charset=utf-8", body: Buffer.from("ticket not found or expired\n") };
  return { status: 200, contentType: "image/png", body: await renderQrPng(found.url, { size: 430 }) };
}
