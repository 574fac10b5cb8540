/**
 * Signing in and out over HTTP as the sign-in form does (next-auth's CSRF token, then its
 * credentials callback), for tests that need a real session cookie from the running app.
 */

/** The `name=value` pairs of a response's Set-Cookie headers, by name (an emptied cookie included). */
function setCookies(res: Response): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";")[0];
    const eq = pair.indexOf("=");
    cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return cookies;
}

const header = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");

async function csrf(baseUrl: string): Promise<{ csrfToken: string; cookies: Record<string, string> }> {
  const res = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookies: setCookies(res) };
}

export type SignInAttempt = {
  status: number;
  /** Where next-auth sends the browser next (the sign-in form reads only whether it carries an error). */
  url: string;
  /** `next-auth.session-token=…` when signed in, else null. */
  cookie: string | null;
};

/** One sign-in attempt; `headers` go with the credentials (e.g. an X-Forwarded-For). */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInAttempt> {
  const { csrfToken, cookies } = await csrf(baseUrl);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: baseUrl,
      cookie: header(cookies),
      ...headers,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const session = setCookies(res)["next-auth.session-token"];
  return { status: res.status, url: body.url ?? "", cookie: session ? `next-auth.session-token=${session}` : null };
}

/** Signs out the session in `cookie` through next-auth's sign-out, as the dashboard's button does. */
export async function signOut(baseUrl: string, cookie: string): Promise<number> {
  const { csrfToken, cookies } = await csrf(baseUrl);
  const res = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: baseUrl,
      cookie: `${header(cookies)}; ${cookie}`,
    },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  await res.body?.cancel();
  return res.status;
}
