import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { signInAs } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { query } from "../test/helpers/database";

// Issue 8, defects 2 and 11, in a real browser: another port of the same host (same site, so
// SameSite=Lax cookies go along) can neither write with the admin's session nor frame the dashboard.

let codeId = 0;
const suite = browserSuite({
  tokens: { marketer: "security e2e" },
  setup: async () => {
    const code = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
      method: "POST",
      body: JSON.stringify({ name: "安全", channel: "门店", kind: "temporary", expireSeconds: 3600 }),
    });
    assert.equal(code.status, 201, JSON.stringify(code.body));
    codeId = code.body.id;
  },
});

/** The attacker: plain pages on another port of 127.0.0.1. */
let attacker: http.Server;
let attackerUrl = "";
const attackerPages = new Map<string, string>();
before(async () => {
  attacker = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(attackerPages.get(req.url ?? "") ?? "");
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

/** Content-Security-Policy violations a page reports, recorded from before its first script. */
async function recordViolations(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

test("a page on another origin cannot frame the dashboard: the frame stays empty", async () => {
  attackerPages.set("/frame", `<iframe id="victim" src="${suite.app.baseUrl}/signin" width="600" height="400"></iframe>`);
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on("console", (message) => refusals.push(message.text()));
  await page.goto(`${attackerUrl}/frame`);
  await page.waitForFunction(() => document.querySelector("iframe")?.contentWindow !== null);
  await page.waitForTimeout(1500); // long enough for the sign-in page to render, were it allowed to
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, "no child frame");
  const shown = await frame
    .locator("#email")
    .count()
    .catch(() => 0);
  assert.equal(shown, 0, `the sign-in form rendered inside another site's frame (${frame.url()})`);
  assert.ok(!frame.url().startsWith(`${suite.app.baseUrl}/signin`) || shown === 0);
  assert.ok(
    refusals.some((text) => /frame-ancestors|X-Frame-Options|Refused to (display|frame)/i.test(text)),
    `Chromium did not report refusing the frame: ${refusals.join(" | ")}`,
  );
  await context.close();
});

test("the admin's session cannot be used from another port: a text/plain form and a fetch create nobody", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  const form = (email: string) =>
    `<form method="POST" action="${suite.app.baseUrl}/api/users" enctype="text/plain">` +
    `<input name='{"email":"${email}","role":"admin","password":"taken-over-password","x":"' value='"}'></form>` +
    "<script>document.forms[0].submit()</script>";
  attackerPages.set("/form", form("form-intruder@example.com"));
  attackerPages.set(
    "/fetch",
    `<script>fetch("${suite.app.baseUrl}/api/users", { method: "POST", credentials: "include", mode: "no-cors",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ email: "fetch-intruder@example.com", role: "admin", password: "taken-over-password" }) })
      .finally(() => { document.title = "sent"; });</script>`,
  );
  const answer = page.waitForResponse(`${suite.app.baseUrl}/api/users`);
  await page.goto(`${attackerUrl}/form`);
  assert.equal((await answer).status(), 403);
  await page.goto(`${attackerUrl}/fetch`);
  await page.waitForFunction(() => document.title === "sent");
  const intruders = await query(suite.app.databaseUrl, "SELECT email FROM users WHERE email LIKE '%intruder%'");
  assert.deepEqual(intruders, []);
  await page.context().close();
});

test("every main page renders under the Content-Security-Policy without a single violation", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  await recordViolations(page.context());
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const pages: [string, string][] = [
    ["/codes", "table"],
    [`/codes/${codeId}`, '[data-testid="qr-preview"]'],
    ["/codes/new", '[data-testid="create-form"]'],
    ["/codes/batch", '[data-testid="batch-form"]'],
    [`/codes/print?ids=${codeId}`, '[data-testid="print-grid"]'],
    ["/replies", "main"],
    ["/stats", "main"],
    ["/accounts", "main"],
    ["/users", "main"],
    ["/tokens", "main"],
  ];
  for (const [path, ready] of pages) {
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await violations(page), [], `${path}: CSP violations`);
  }
  // client-side navigation and a write from our own page still work under the policy
  await page.goto(`${suite.app.baseUrl}/users`);
  await page.locator('nav[data-testid="main-nav"] a[href="/codes"]').click();
  await page.waitForURL(`${suite.app.baseUrl}/codes`);
  const created = await page.evaluate(async () => {
    const res = await fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "from-our-page@example.com", role: "analyst", password: "from-our-page-pw" }),
    });
    return res.status;
  });
  assert.equal(created, 201);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});
