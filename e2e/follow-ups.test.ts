import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// Issue 10, point 3: an operator sets a code's follow-ups on a phone-sized screen, test-scans, and
// sees each follow-up message reach "sent" as the job queue sends it to the sandbox.
let code: { id: number; accountId: number };

const suite = browserSuite({ tokens: { marketer: "e2e marketer", operator: "e2e operator" }, setup });

async function setup() {
  const send = async (token: string, path: string, method: string, body: unknown) => {
    const res = await api(suite.app.baseUrl, token, path, { method, body: JSON.stringify(body) });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  code = await send(suite.tokens.marketer, "/api/qrcodes", "POST", {
    name: "Riddle poster",
    channel: "Metro",
    kind: "temporary",
    reply: { type: "text", content: "Riddle: what has keys but no locks?" },
  });
  await send(suite.tokens.operator, `/api/accounts/${code.accountId}/replies`, "PUT", {
    follow: { type: "text", content: "Welcome to the riddle hunt!" },
  });
}

test("operator: welcome first plus a hint, then a test scan shows both follow-ups reaching 'sent'", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/codes/${code.id}`);
  const card = page.getByTestId("follow-ups-card");
  await card.getByTestId("welcome-first").check();
  await card.getByTestId("follow-up-add").click();
  await card.getByTestId("follow-up-content").fill("Hint: you play it.");
  const preview = page.getByTestId("follow-ups-preview");
  assert.deepEqual(await preview.getByTestId("phone-bubble").allInnerTexts(), [
    "Welcome to the riddle hunt!",
    "Riddle: what has keys but no locks?",
    "Hint: you play it.",
  ]);
  assert.equal(await card.getByTestId("follow-up-add").count(), 0, "welcome first leaves room for one message");
  await card.getByTestId("follow-ups-save").click();
  await card.getByTestId("follow-ups-saved").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scroll");
  await page.screenshot({ path: `${screenshotDir}/follow-ups-phone-en.png`, fullPage: true });

  await page.getByTestId("follow-ups-test-scan").click();
  await page.getByTestId("test-run").getByTestId("test-run-again").click();
  const phone = page.getByTestId("test-run").getByTestId("test-phone");
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="test-phone"] [data-testid="follow-up-status"]')]
        .map((s) => s.getAttribute("data-status"))
        .join() === "sent,sent",
    undefined,
    { timeout: 10_000 },
  );
  assert.deepEqual(await phone.getByTestId("phone-bubble").allInnerTexts(), [
    "Welcome to the riddle hunt!",
    "Riddle: what has keys but no locks?",
    "Hint: you play it.",
  ]);
  assert.deepEqual(await phone.getByTestId("follow-up-status").allInnerTexts(), ["sent", "sent"]);
  await phone.screenshot({ path: `${screenshotDir}/follow-ups-test-scan-phone-en.png` });
  await page.context().close();
});
