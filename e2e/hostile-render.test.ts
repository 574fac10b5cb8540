import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// Issue 8, point 3: script payloads are legal names, so they are stored (test/integration/hostile.test.ts
// reads them back verbatim); here the dashboard shows each one as text. No dialog opens, no element
// or attribute of theirs exists, and the text reads literally.

const P = {
  code: '"><img src=x onerror=alert(1) data-hostile=1>',
  channel: '<script>alert("channel")</script>',
  campaign: "<svg/onload=alert(2) data-hostile>",
  reply: "</textarea></title><script>alert(3)</script>",
  title: "<img src=x onerror=alert(4) data-hostile>",
  account: '<iframe srcdoc="<script>alert(5)</script>" data-hostile></iframe>',
  user: "<b data-hostile>bold</b><script>alert(6)</script>",
  token: "{{constructor.constructor('alert(7)')()}} <i data-hostile>",
};

let codeId: number;
const suite = browserSuite({ tokens: { admin: "e2e hostile admin" }, setup: storePayloads });

async function storePayloads() {
  const call = async (path: string, method: string, body: unknown, status: number) => {
    const res = await api(suite.app.baseUrl, suite.tokens.admin, path, { method, body: JSON.stringify(body) });
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const [account] = (await api(suite.app.baseUrl, suite.tokens.admin, "/api/accounts")).body.items;
  await call(`/api/accounts/${account.id}`, "PATCH", { name: P.account }, 200);
  const code = await call(
    "/api/qrcodes",
    "POST",
    {
      name: P.code,
      channel: P.channel,
      campaign: P.campaign,
      kind: "permanent",
      sceneStr: "hostile_render",
      reply: { type: "text", content: P.reply },
    },
    201,
  );
  codeId = code.id;
  await call(
    "/api/qrcodes",
    "POST",
    {
      name: "news",
      channel: P.channel,
      kind: "temporary",
      reply: { type: "news", title: P.title, description: P.reply, url: "https://example.com/" },
    },
    201,
  );
  await call(`/api/accounts/${account.id}/replies`, "PUT", { follow: { type: "text", content: P.reply } }, 200);
  await call(
    "/api/users",
    "POST",
    { email: "hostile-render@example.com", name: P.user, role: "analyst", password: "correct-horse-battery" },
    201,
  );
  await call("/api/tokens", "POST", { name: P.token, role: "analyst" }, 201);
  await call(`/api/qrcodes/${codeId}/test-scan`, "POST", {}, 200);
}

/** Anything a payload would have made of itself: its marker attribute, its image or frame, an inline handler. */
function injected(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.hasAttribute("data-hostile")) found.push(`<${el.tagName.toLowerCase()} data-hostile>`);
      if (el.tagName === "IMG" && el.getAttribute("src") === "x") found.push("<img src=x>");
      if (el.tagName === "IFRAME" && el.hasAttribute("srcdoc")) found.push("<iframe srcdoc>");
      for (const attr of el.getAttributeNames()) if (attr.startsWith("on")) found.push(`${el.tagName.toLowerCase()}[${attr}]`);
    }
    // Next's own inline scripts carry the page's data, payloads included, as JSON strings; a payload's own script is just the call.
    for (const script of document.scripts) if (/^\s*alert\(/.test(script.textContent ?? "")) found.push("<script>alert…");
    return found;
  });
}

test("admin: every page shows stored script payloads as literal text, and none of them runs", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const pages: [string, string[]][] = [
    ["/codes", [P.code, P.channel]],
    [`/codes/${codeId}`, [P.code]],
    ["/replies", [P.reply]],
    ["/stats", [P.channel]],
    ["/accounts", [P.account]],
    ["/users", [P.user]],
    ["/tokens", [P.token]],
  ];
  for (const [path, texts] of pages) {
    await page.goto(`${suite.app.baseUrl}${path}`);
    for (const text of texts)
      await page
        .waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: 10_000 })
        .catch(async () => {
          await page.screenshot({ path: `${screenshotDir}/hostile-render${path.replace(/\W+/g, "-")}.png` });
          assert.fail(`${path} does not show ${JSON.stringify(text)} as text`);
        });
    assert.deepEqual(await injected(page), [], `${path}: a payload became markup`);
    assert.deepEqual(dialogs, [], `${path}: a payload ran`);
  }
});

test("the checks see a payload that became markup (the test above can fail)", async () => {
  const page = await (await suite.browser.newContext()).newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.setContent(`<div>${P.code}${P.campaign}${P.user}</div>`);
  await page.waitForFunction(() => true);
  await new Promise((r) => setTimeout(r, 200));
  const found = await injected(page);
  assert.ok(found.includes("<img src=x>") && found.some((f) => f.includes("data-hostile")), found.join(", "));
  assert.ok(dialogs.length > 0, "a payload's alert opened a dialog");
  await page.context().close();
});
