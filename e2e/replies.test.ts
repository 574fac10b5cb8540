import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

let riddle: { id: number; accountId: number };
let poster: { id: number };

const suite = browserSuite({ tokens: { marketer: "e2e marketer" }, setup: createCodes });

async function createCodes() {
  const create = async (body: unknown) => {
    const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
      method: "POST",
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  riddle = await create({
    name: "灯谜一号",
    channel: "地铁",
    campaign: "元宵灯会",
    kind: "permanent",
    sceneStr: "riddle_1",
    reply: { type: "text", content: "谜底：灯笼" },
  });
  poster = await create({ name: "商场海报", channel: "商场", campaign: "元宵灯会", kind: "temporary", expireSeconds: 86400 });
  await create({
    name: "灯谜二号",
    channel: "地铁",
    campaign: "元宵灯会",
    kind: "permanent",
    sceneStr: "riddle_2",
    reply: { type: "news", title: "谜底揭晓", description: "恭喜答对，点开领取元宵礼券", url: "https://example.com/gift" },
  });
}

/** The facts of a finished run (they are hidden while one runs) mention `text`. */
const factsShow = (page: Page, text: string) =>
  page.waitForFunction((t) => document.querySelector('[data-testid="test-facts"]')?.textContent?.includes(t), text);

const codeReply = async (id: number) => (await api(suite.app.baseUrl, suite.tokens.marketer, `/api/qrcodes/${id}`)).body.reply;

async function openReplies(page: Page) {
  await page.goto(`${suite.app.baseUrl}/replies`);
  await page.getByTestId(`reply-row-${riddle.id}`).waitFor();
}

/** Runs the test scan dialog (it runs only when asked) to its end and returns what the phone shows. */
async function finishedTest(page: Page) {
  const dialog = page.getByTestId("test-run");
  await dialog.getByTestId("test-run-again").click();
  await dialog.getByTestId("test-facts").waitFor();
  return dialog;
}

test("operator: edits the riddle's answer in the table and a test scan shows exactly that answer", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  await openReplies(page);
  const cell = page.getByTestId(`inline-reply-${riddle.id}`);
  assert.equal(await cell.inputValue(), "谜底：灯笼");

  // Esc puts the saved text back and saves nothing
  await cell.fill("写错了");
  await cell.press("Escape");
  assert.equal(await cell.inputValue(), "谜底：灯笼");
  assert.deepEqual(await codeReply(riddle.id), { type: "text", content: "谜底：灯笼" });

  // Enter saves, with a visible saved state
  await cell.fill("谜底：汤圆");
  await cell.press("Enter");
  await page.getByTestId(`inline-saved-${riddle.id}`).waitFor();
  assert.deepEqual(await codeReply(riddle.id), { type: "text", content: "谜底：汤圆" });

  // an emptied cell is refused inline, not saved
  await cell.fill("");
  await cell.press("Enter");
  await page.getByTestId(`reply-row-${riddle.id}`).getByRole("alert").waitFor();
  assert.match(await page.getByTestId(`reply-row-${riddle.id}`).getByRole("alert").innerText(), /不能为空/);
  await cell.press("Escape");
  assert.equal(await cell.inputValue(), "谜底：汤圆");
  await page.screenshot({ path: `${screenshotDir}/replies-zh.png`, fullPage: true });

  await page.getByTestId(`test-scan-${riddle.id}`).click();
  const dialog = await finishedTest(page);
  assert.equal(await dialog.getByTestId("test-phone").getByTestId("phone-bubble").innerText(), "谜底：汤圆");
  assert.equal(await dialog.getByTestId("test-status").innerText(), "200");
  assert.match(await dialog.getByTestId("test-attempts").innerText(), /^1 次/);
  assert.match(await dialog.getByTestId("test-outcome").innerText(), /该二维码自己的回复/);
  await page.screenshot({ path: `${screenshotDir}/replies-testscan-zh.png` });

  // the same person again, now a follower: the sandbox pushes SCAN, with the same answer
  await dialog.getByTestId("test-run-again").click();
  await factsShow(page, "SCAN · EventKey riddle_1");
  assert.equal(await dialog.getByTestId("test-phone").getByTestId("phone-bubble").innerText(), "谜底：汤圆");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  // typed and straight to Test scan without Enter: leaving the cell saves, and the scan waits for it
  await cell.fill("谜底：走马灯");
  await page.getByTestId(`test-scan-${riddle.id}`).click();
  const again = await finishedTest(page);
  assert.equal(await again.getByTestId("test-phone").getByTestId("phone-bubble").innerText(), "谜底：走马灯");
  assert.deepEqual(await codeReply(riddle.id), { type: "text", content: "谜底：走马灯" });
  await page.context().close();
});

test("operator: the full editor validates an article inline, previews it live, and clears with confirmation", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  await openReplies(page);
  await page.getByTestId(`reply-more-${poster.id}`).click();
  const dialog = page.getByTestId("code-reply-dialog");
  const prefix = `#code-${poster.id}`;
  await dialog.getByText("图文", { exact: true }).click();
  await dialog.locator(`${prefix}-picUrl`).fill("not a url");
  await dialog.getByTestId(`code-${poster.id}-save`).click();
  assert.match(await dialog.locator(`${prefix}-title-error`).innerText(), /必填/);
  assert.match(await dialog.locator(`${prefix}-picUrl-error`).innerText(), /https:\/\//);
  assert.equal(await codeReply(poster.id), null, "nothing is saved while the form is invalid");

  await dialog.locator(`${prefix}-title`).fill("元宵猜灯谜");
  await dialog.locator(`${prefix}-description`).fill("扫码答题赢汤圆");
  const bubble = dialog.getByTestId("phone-preview").getByTestId("phone-bubble");
  assert.match(await bubble.innerText(), /元宵猜灯谜[\s\S]*扫码答题赢汤圆/, "the preview follows the typing");
  assert.equal(await dialog.locator(`${prefix}-title-error`).count(), 0);
  await dialog.locator(`${prefix}-picUrl`).fill("https://example.com/lantern.png");
  await dialog.getByTestId(`code-${poster.id}-save`).click();
  await dialog.getByTestId(`code-${poster.id}-saved`).waitFor();
  assert.deepEqual(await codeReply(poster.id), {
    type: "news",
    title: "元宵猜灯谜",
    description: "扫码答题赢汤圆",
    picUrl: "https://example.com/lantern.png",
  });

  await dialog.getByTestId(`code-${poster.id}-clear`).click();
  assert.deepEqual(
    await codeReply(poster.id),
    { type: "news", title: "元宵猜灯谜", description: "扫码答题赢汤圆", picUrl: "https://example.com/lantern.png" },
    "asks first",
  );
  await dialog.getByTestId(`code-${poster.id}-clear-confirm`).click();
  // The save's "saved" notice may still be up (it stays 4 s): wait for the clear itself to land.
  const until = Date.now() + 10_000;
  while ((await codeReply(poster.id)) !== null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await codeReply(poster.id), null);
  await dialog.getByTestId(`code-${poster.id}-saved`).waitFor();
  await page.context().close();
});

test("operator: the welcome, edited with a live preview, is what a new follower scanning a code without reply gets", async () => {
  const flyer = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name: "路边传单", channel: "地推", kind: "temporary", expireSeconds: 3600 }),
  });
  assert.equal(flyer.status, 201);
  assert.equal(flyer.body.reply, null);
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  await openReplies(page);
  const panel = page.locator("#account-panel-follow");
  await panel.locator("#account-follow-content").fill("欢迎关注！扫码猜灯谜，答对有礼");
  assert.equal(
    await panel.getByTestId("phone-preview").getByTestId("phone-bubble").innerText(),
    "欢迎关注！扫码猜灯谜，答对有礼",
  );
  await panel.getByTestId("account-follow-save").click();
  await panel.getByTestId("account-follow-saved").waitFor();
  const replies = await api(suite.app.baseUrl, suite.tokens.marketer, `/api/accounts/${riddle.accountId}/replies`);
  assert.deepEqual(replies.body.follow, { type: "text", content: "欢迎关注！扫码猜灯谜，答对有礼" });

  await page.getByTestId(`test-scan-${flyer.body.id}`).click();
  const dialog = await finishedTest(page);
  assert.equal(await dialog.getByTestId("test-phone").getByTestId("phone-bubble").innerText(), "欢迎关注！扫码猜灯谜，答对有礼");
  assert.match(await dialog.getByTestId("test-outcome").innerText(), /欢迎语/);
  assert.match(await dialog.getByTestId("test-facts").innerText(), /subscribe · EventKey qrscene_\d+/);

  // the same person again, now a follower (SCAN): no default scan reply is set, so nothing arrives
  await dialog.getByTestId("test-run-again").click();
  await factsShow(page, "SCAN · EventKey");
  await dialog.getByTestId("test-phone").getByTestId("phone-empty").waitFor();
  assert.match(await dialog.getByTestId("test-outcome").innerText(), /success/);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  // the plain follow (no code) gets the welcome too
  await panel.getByTestId("test-follow").click();
  const follow = await finishedTest(page);
  assert.equal(await follow.getByTestId("test-phone").getByTestId("phone-bubble").innerText(), "欢迎关注！扫码猜灯谜，答对有礼");
  await page.context().close();
});

test("operator in English", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "en");
  await openReplies(page);
  assert.equal(await page.locator("h1").innerText(), "Replies");
  assert.equal(await page.getByTestId(`test-scan-${riddle.id}`).innerText(), "Test scan");
  await page.screenshot({ path: `${screenshotDir}/replies-en.png`, fullPage: true });

  // a second account: the picker appears, and each account shows its own codes and defaults
  const { upsertAccount } = await import("@/lib/db/accounts");
  const second = await upsertAccount({ appId: "wx_second_e2e", name: "Second account", appSecret: "s", token: "t" });
  await page.reload();
  const picker = page.getByTestId("account-picker");
  await picker.waitFor();
  assert.equal(await picker.locator("option").count(), 2);
  await picker.selectOption(String(second.id));
  await page.waitForURL(`**/replies?account=${second.id}`);
  await page.getByTestId("empty-state").waitFor();
  assert.match(await page.getByTestId("empty-state").innerText(), /no QR codes yet/);
  assert.equal(await page.getByTestId(`reply-row-${riddle.id}`).count(), 0);
  assert.match(await page.getByTestId("account-tab-follow").innerText(), /Not set/);
  await page.reload();
  assert.equal(await picker.inputValue(), String(second.id), "the chosen account survives a reload");
  await page.context().close();
});

for (const role of ["analyst", "marketer"] as const) {
  test(`${role}: sees the replies without edit controls, and the server refuses a change anyway`, async () => {
    const page = await signInAs(suite.browser, suite.app.baseUrl, role, "zh");
    await openReplies(page);
    await page.getByTestId("readonly-note").waitFor();
    assert.match(await page.getByTestId(`reply-text-${riddle.id}`).innerText(), /谜底/);
    assert.equal(await page.locator("main textarea, main input[type=radio], main form").count(), 0, "no editing controls");
    assert.equal(
      await page.locator('[data-testid^="test-scan-"], [data-testid="test-follow"], [data-testid$="-save"]').count(),
      0,
    );
    assert.match(await page.getByTestId(`reply-more-${riddle.id}`).innerText(), /查看/);

    // "View" shows the reply in the phone, still without controls
    await page.getByTestId(`reply-more-${riddle.id}`).click();
    const dialog = page.getByTestId("code-reply-dialog");
    await dialog.getByTestId("phone-bubble").waitFor();
    assert.equal(await dialog.locator("textarea, input, form").count(), 0);
    await page.keyboard.press("Escape");

    const before = await codeReply(riddle.id);
    const put = await page.request.put(`${suite.app.baseUrl}/api/qrcodes/${riddle.id}/reply`, {
      data: { type: "text", content: "hacked" },
    });
    assert.equal(put.status(), 403);
    assert.equal((await put.json()).error.code, "forbidden");
    assert.equal((await page.request.delete(`${suite.app.baseUrl}/api/qrcodes/${riddle.id}/reply`)).status(), 403);
    const account = await page.request.put(`${suite.app.baseUrl}/api/accounts/${riddle.accountId}/replies`, {
      data: { follow: null },
    });
    assert.equal(account.status(), 403);
    const scan = await page.request.post(`${suite.app.baseUrl}/api/qrcodes/${riddle.id}/test-scan`, { data: {} });
    assert.equal(scan.status(), 403);
    assert.deepEqual(await codeReply(riddle.id), before);
    await page.context().close();
  });
}
