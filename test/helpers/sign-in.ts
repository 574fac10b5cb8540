/** Signs in through next-auth's credentials endpoint as a browser would; returns the Cookie header of the session. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map(csrf.headers.getSetCookie().map((c) => c.split(";")[0]!.split(/=(.*)/s) as [string, string]));
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      origin: baseUrl,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  for (const c of res.headers.getSetCookie()) {
    const [name, value] = c.split(";")[0]!.split(/=(.*)/s) as [string, string];
    jar.set(name, value);
  }
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token")))
    throw new Error(`signing in as ${email} failed: ${res.status}`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}
