import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { Role } from "@/lib/access/roles";
import { findActiveToken } from "@/lib/db/api-tokens";
import { findSessionUser } from "@/lib/db/users";
import { config } from "@/lib/config";

/** Who is calling: an API token or a signed-in user, with the role the database gives them now. */
export type Principal = { kind: "token" | "user"; id: number; name: string; role: Role };

const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

/**
 * `Authorization: Bearer <api token>` when present (and then only that: a bad token is not
 * rescued by a cookie), otherwise the next-auth session cookie. Null when neither is valid.
 */
export async function authenticateRequest(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return authenticateBearer(authorization);
  return authenticateSessionCookie(request.headers.get("cookie"));
}

async function authenticateBearer(authorization: string): Promise<Principal | null> {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!match) return null;
  const token = await findActiveToken(match[1]);
  return token && { kind: "token", id: token.id, name: token.name, role: token.role };
}

/** The next-auth session cookie in a Cookie header (pages and APIs alike). Null when there is no live session. */
export async function authenticateSessionCookie(cookieHeader: string | null): Promise<Principal | null> {
  const cookies = parseCookies(cookieHeader);
  // __Secure- cookies can only have been set over https, so their presence says which one to read.
  const secureCookie = Object.keys(cookies).some((name) => name.startsWith(SECURE_SESSION_COOKIE));
  const secret = config().nextauthSecret;
  if (!secret) return null;
  // getToken reads `cookies` as a plain object; headers carry no Authorization (handled above).
  const req = { cookies, headers: new Headers() } as unknown as NextRequest;
  const jwt = await getToken({ req, secret, secureCookie, logger: quietLogger });
  if (!jwt) return null;
  // A cookie from before session versions counts as version 0, so the user's first bump ends it too.
  return principalForUserId(Number(jwt.uid ?? jwt.sub), jwt.sv ?? 0);
}

/**
 * A session names a user id and the user's session version at sign-in; the user must still exist
 * with that version (sign-out, a new password or a new role moves it on), and the role is read afresh.
 */
export async function principalForUserId(id: number, sessionVersion: number): Promise<Principal | null> {
  const user = await findSessionUser(id);
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return { kind: "user", id: user.id, name: user.name || user.email, role: user.role };
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value; a malformed cookie simply fails to decode as a JWT
    }
    if (!Object.hasOwn(cookies, name)) cookies[name] = value;
  }
  return cookies;
}

// A forged or expired cookie is an ordinary "not signed in", not something to log.
const quietLogger = { error() {}, warn() {}, debug() {}, log() {}, info() {} } as unknown as Console;
