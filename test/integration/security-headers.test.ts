import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";

// Issue 8, defect 11: no X-Frame-Options or CSP, so the dashboard could be framed by any site.

let app: RunningApp;
before(async () => {
  app = await startApp();
});
after(() => stopApp(app));

/** The directives of a Content-Security-Policy: name → sources. */
function directives(policy: string | null): Map<string, string[]> {
  assert.ok(policy, "no Content-Security-Policy");
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

function assertCommonHeaders(res: Response, what: string) {
  assert.equal(res.headers.get("x-frame-options"), "DENY", what);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", what);
  assert.match(
    res.headers.get("referrer-policy") ?? "",
    /^(strict-origin-when-cross-origin|strict-origin|same-origin|no-referrer)$/,
    what,
  );
  assert.equal(res.headers.get("strict-transport-security"), null, `${what}: HSTS over plain http`);
  assert.deepEqual(directives(res.headers.get("content-security-policy")).get("frame-ancestors"), ["'none'"], what);
}

test("a page: no framing, only its own scripts (each carries this answer's nonce), QR previews as data:/blob: images", async () => {
  const res = await fetch(`${app.baseUrl}/signin`);
  assert.equal(res.status, 200);
  assertCommonHeaders(res, "/signin");
  const csp = directives(res.headers.get("content-security-policy"));
  assert.deepEqual(csp.get("default-src"), ["'self'"]);
  assert.deepEqual(csp.get("object-src"), ["'none'"]);
  assert.deepEqual(csp.get("base-uri"), ["'self'"]);
  assert.deepEqual(csp.get("form-action"), ["'self'"]);
  for (const source of ["'self'", "data:", "blob:"]) assert.ok(csp.get("img-src")?.includes(source), `img-src lacks ${source}`);
  const scripts = csp.get("script-src") ?? [];
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), scripts.join(" "));
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scripts.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  assert.ok(nonce, `script-src has no nonce: ${scripts.join(" ")}`);

  const html = await res.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  assert.ok(tags.length > 0, "the page has no scripts");
  for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), `a script without this answer's nonce: ${tag}`);

  const again = directives((await fetch(`${app.baseUrl}/signin`)).headers.get("content-security-policy"));
  assert.notDeepEqual(again.get("script-src"), scripts, "the nonce must be new for every answer");
});

test("API answers, error answers and redirects carry them too", async () => {
  const answers: [string, string, number][] = [
    ["an API answer", "/api/health", 200],
    ["an API refusal", "/api/qrcodes", 401],
    ["an unknown API path", "/api/no-such-route", 404],
    ["an unknown page", "/no-such-page", 404],
    ["a page's redirect to sign-in", "/codes", 307],
    ["next-auth", "/api/auth/session", 200],
  ];
  for (const [what, path, status] of answers) {
    const res = await fetch(`${app.baseUrl}${path}`, { redirect: "manual" });
    assert.equal(res.status, status, what);
    assertCommonHeaders(res, what);
  }
  const api = directives((await fetch(`${app.baseUrl}/api/health`)).headers.get("content-security-policy"));
  assert.deepEqual(api.get("default-src"), ["'none'"], "an API answer loads nothing");
});

test("HSTS only when the request came over https (a TLS proxy says so in X-Forwarded-Proto)", async () => {
  for (const path of ["/signin", "/api/health"]) {
    const res = await fetch(`${app.baseUrl}${path}`, { headers: { "x-forwarded-proto": "https" } });
    assert.match(res.headers.get("strict-transport-security") ?? "", /^max-age=\d{7,}/, path);
  }
});

test("the webhook, answered ahead of Next for speed, still says nosniff", async () => {
  const res = await fetch(`${app.baseUrl}/api/wechat/wx_unknown?signature=x&timestamp=1&nonce=1&echostr=1`);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
});
