/** The cookies an answer sets (name → value). */
function cookiesSet(response: Response, jar = new Map<string, string>()): Map<string, string> {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

/** Cookies as a browser sends them back. */
const asHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** next-auth's CSRF pair as a browser holds it: the cookie it set and the token its forms post back. */
export async function csrfPair(baseUrl: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: asHeader(cookiesSet(res)), csrfToken };
}

/** Posts the sign-in form as the dashboard's page does (from `origin`); the answer as it came. */
export async function postSignIn(baseUrl: string, email: string, password: string, origin: string | null = baseUrl) {
  const { cookie, csrfToken } = await csrfPair(baseUrl);
  return fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...(origin === null ? {} : { origin }) },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
}

/** The session cookie next-auth's sign-in leaves (`name=value`), or null when it set none. */
export function sessionCookieOf(response: Response): string | null {
  const jar = cookiesSet(response);
  const name = [...jar.keys()].find((n) => n.endsWith("next-auth.session-token"));
  return name && jar.get(name) ? `${name}=${jar.get(name)}` : null;
}

/** Signs in through next-auth's real sign-in (CSRF token included); the session cookie a browser would then send. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await postSignIn(baseUrl, email, password);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return cookie;
}
