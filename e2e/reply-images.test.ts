import { test } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { pngOf } from "../test/helpers/images";
import { query } from "../test/helpers/database";

// An image reply end to end: the operator uploads a PNG in the reply editor (it goes to the
// sandbox's permanent material), picks it, saves it, sees it in the phone preview, runs a test
// scan, and the sandbox follower's chat shows that very picture.

let lantern: { id: number };
let banner: { id: number };

const suite = browserSuite({ tokens: { marketer: "e2e marketer" }, setup: createCodes });

async function createCodes() {
  const create = async (name: string) => {
    const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
      method: "POST",
      body: JSON.stringify({ name, channel: "门店", kind: "temporary", expireSeconds: 86400 }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  lantern = await create("灯笼海报");
  banner = await create("横幅");
}

const codeReply = async (id: number) => (await api(suite.app.baseUrl, suite.tokens.marketer, `/api/qrcodes/${id}`)).body.reply;

/** The picture a phone shows, loaded (not the grey placeholder, not a broken image). */
async function shownPicture(phone: Locator): Promise<{ mediaId: string; width: number }> {
  const img = phone.locator('img[data-image="shown"]').last();
  await img.waitFor();
  await img.evaluate((el: HTMLImageElement) => (el.complete ? null : new Promise((r) => el.addEventListener("load", r))));
  return {
    mediaId: (await img.getAttribute("data-media-id")) ?? "",
    width: await img.evaluate((el: HTMLImageElement) => el.naturalWidth),
  };
}

async function openEditor(page: Page, codeId: number, typeLabel: string) {
  await page.goto(`${suite.app.baseUrl}/replies`);
  await page.getByTestId(`reply-more-${codeId}`).click();
  const dialog = page.getByTestId("code-reply-dialog");
  await dialog.getByText(typeLabel, { exact: true }).click();
  return dialog;
}

/** Test scan from the editor, to its end; returns the dialog and the openid it scanned as. */
async function testScan(page: Page, label: string) {
  await page.getByTestId("code-reply-dialog").getByRole("button", { name: label }).click();
  const run = page.getByTestId("test-run");
  await run.getByTestId("test-run-again").click();
  await run.getByTestId("test-facts").waitFor();
  const openid = await run.getByTestId("test-facts").locator("dd").last().innerText();
  return { run, openid };
}

async function sandboxChatShows(page: Page, openid: string, mediaId: string) {
  await page.goto(`${suite.app.baseUrl}/sandbox?openid=${encodeURIComponent(openid)}`);
  const got = page.getByTestId("sandbox-phone").getByTestId("sandbox-got");
  const picture = await shownPicture(got);
  assert.equal(picture.mediaId, mediaId);
  assert.ok(picture.width > 0, "the sandbox's own copy of the material loads");
}

test("operator: uploads a PNG in the reply editor, picks it, saves, previews, test-scans; the sandbox follower sees it", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  const dialog = await openEditor(page, lantern.id, "图片");
  const id = `code-${lantern.id}`;
  await dialog.getByText("这个公众号还没有图片").waitFor();

  // a file that is no image is refused in words, and nothing is added
  await dialog
    .getByTestId(`${id}-image-file`)
    .setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("hello") });
  assert.match(await dialog.getByTestId(`${id}-image-error`).innerText(), /不是 bmp、png、jpeg、jpg 或 gif 图片/);
  assert.equal(await dialog.getByTestId("reply-image").count(), 0);

  await dialog.getByTestId(`${id}-image-file`).setInputFiles({ name: "灯笼.png", mimeType: "image/png", buffer: pngOf(40, 30) });
  const thumb = dialog.getByTestId("reply-image").first();
  await thumb.waitFor();
  assert.equal(await thumb.getAttribute("aria-pressed"), "true", "the uploaded image is picked");
  const mediaId = (await thumb.getAttribute("data-media-id")) ?? "";
  assert.match(mediaId, /^[A-Za-z0-9_-]{43}$/);
  await dialog.getByText("已上传到微信：灯笼.png").waitFor();

  const preview = await shownPicture(dialog.getByTestId("phone-preview"));
  assert.deepEqual(preview, { mediaId, width: 40 });
  await dialog.getByTestId(`${id}-save`).click();
  await dialog.getByTestId(`${id}-saved`).waitFor();
  assert.deepEqual(await codeReply(lantern.id), { type: "image", mediaId });
  await page.screenshot({ path: `${screenshotDir}/reply-images-zh.png`, fullPage: true });

  const { run, openid } = await testScan(page, "测试扫码");
  assert.equal((await shownPicture(run.getByTestId("test-phone"))).mediaId, mediaId);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  // the codes table shows the picture, not its media_id
  const inTable = page.getByTestId(`reply-text-${lantern.id}`).getByTestId("reply-image-thumb");
  await inTable.waitFor();
  assert.equal(await inTable.getAttribute("data-media-id"), mediaId);
  await page.waitForFunction(
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 40,
    await inTable.elementHandle(),
  );
  await sandboxChatShows(page, openid, mediaId);
  await page.screenshot({ path: `${screenshotDir}/reply-images-sandbox-zh.png`, fullPage: true });
  await page.context().close();
});

test("at 390 px: the library fits the phone's width, an image is picked for another code and reaches the follower", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  const dialog = await openEditor(page, banner.id, "Image");
  const thumb = dialog.getByTestId("reply-image").first();
  await thumb.waitFor();
  assert.equal(await thumb.getAttribute("aria-pressed"), "false");
  await thumb.click();
  assert.equal(await thumb.getAttribute("aria-pressed"), "true");
  const mediaId = (await thumb.getAttribute("data-media-id")) ?? "";
  assert.equal((await shownPicture(dialog.getByTestId("phone-preview"))).mediaId, mediaId);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scroll");
  await page.screenshot({ path: `${screenshotDir}/reply-images-390-en.png`, fullPage: true });
  await dialog.getByTestId(`code-${banner.id}-save`).click();
  await dialog.getByTestId(`code-${banner.id}-saved`).waitFor();
  assert.deepEqual(await codeReply(banner.id), { type: "image", mediaId });

  const { openid } = await testScan(page, "Test scan");
  await page.keyboard.press("Escape");
  await sandboxChatShows(page, openid, mediaId);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scroll");
  await page.context().close();
});

test("operator: an image in use says where and cannot be deleted; an unused one is deleted in two steps, here and at WeChat", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  const dialog = await openEditor(page, lantern.id, "图片");
  const id = `code-${lantern.id}`;
  await dialog.getByTestId(`${id}-image-file`).setInputFiles({ name: "旧图.png", mimeType: "image/png", buffer: pngOf(20, 20) });
  await dialog.getByText("已上传到微信：旧图.png").waitFor();
  await dialog.getByTestId(`${id}-image-file`).setInputFiles({ name: "新图.png", mimeType: "image/png", buffer: pngOf(30, 30) });
  await dialog.getByText("已上传到微信：新图.png").waitFor();

  const item = (name: string) => dialog.getByRole("listitem").filter({ has: page.getByRole("button", { name: `选用 ${name}` }) });
  const lanternItem = item("灯笼.png");
  assert.equal(await lanternItem.getByTestId("reply-image-in-use").innerText(), "用于 2 处回复");
  assert.match(
    (await lanternItem.getByTestId("reply-image-in-use").getAttribute("title")) ?? "",
    /二维码「灯笼海报」的回复、二维码「横幅」的回复/,
  );
  assert.equal(await lanternItem.getByTestId("reply-image-delete").count(), 0, "an image in use has no delete");
  assert.equal(await item("新图.png").getByTestId("reply-image-delete").count(), 0, "nor has the picked one");

  const old = item("旧图.png");
  const mediaId = (await old.getByTestId("reply-image").getAttribute("data-media-id")) ?? "";
  await old.getByTestId("reply-image-delete").click();
  await old.getByTestId("reply-image-delete-confirm").click();
  await old.waitFor({ state: "detached" });
  const rows = await query<{ n: string }>(
    suite.app.databaseUrl,
    "SELECT (SELECT count(*) FROM reply_images WHERE media_id = $1) + (SELECT count(*) FROM sandbox_material WHERE media_id = $1) AS n",
    [mediaId],
  );
  assert.equal(Number(rows[0].n), 0, "gone from the library and from WeChat's material");
  await page.screenshot({ path: `${screenshotDir}/reply-images-delete-zh.png`, fullPage: true });
  await page.context().close();
});
