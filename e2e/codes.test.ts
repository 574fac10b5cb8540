import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { query } from "../test/helpers/database";
import { readZip } from "../test/codes/read-zip";

const suite = browserSuite();

/** A 64×64 orange square logo with a transparent border. */
function logoPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let y = 0; y < 64; y++)
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 4;
      const inside = x > 4 && y > 4 && x < 59 && y < 59;
      png.data.set([240, 120, 20, inside ? 255 : 0], i);
    }
  return PNG.sync.write(png);
}

function decodePng(buffer: Buffer): { width: number; text: string | null } {
  const image = PNG.sync.read(buffer);
  return { width: image.width, text: jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null };
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), body: readFileSync(path) };
}

/** Screenshots wait for every thumbnail, and each must be a real image from the image API. */
async function imagesLoaded(page: Page) {
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  const broken = await page.evaluate(() => [...document.images].filter((img) => img.naturalWidth === 0).length);
  assert.equal(broken, 0, "every image loaded");
}

const batchRows = (page: Page, status: string) => page.locator(`[data-testid="batch-row"][data-status="${status}"]`);

test("marketer: empty list explains the first step; a batch of three channels with progress, results and a ZIP", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await page.getByTestId("empty-state").waitFor();
  assert.match(await page.getByTestId("empty-state").innerText(), /还没有二维码[\s\S]*渠道/);

  await page.getByTestId("empty-state").getByTestId("batch-create").click();
  await page.waitForURL(`${suite.app.baseUrl}/codes/batch`);
  await page.locator("#channels").fill("地铁2号线\n门店A\n朋友圈广告");
  await page.locator("#validity").selectOption("7d");
  await page.locator("#campaign").fill("双十一");
  await page.locator("#reply").fill("欢迎！回复 1 领券");
  assert.equal(await batchRows(page, "ready").count(), 3);
  await page.getByTestId("start-batch").click();

  await page.getByTestId("batch-progress").waitFor();
  await page.getByTestId("batch-summary").waitFor();
  assert.equal(await batchRows(page, "ok").count(), 3);
  assert.match(await page.getByTestId("batch-summary").innerText(), /成功 3 个/);
  assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "3");
  await page.screenshot({ path: `${screenshotDir}/codes-batch-zh.png`, fullPage: true });

  const codes = await query<{ id: number; url: string; name: string; expire_seconds: number }>(
    suite.app.databaseUrl,
    "SELECT q.id, q.url, q.name, q.expire_seconds FROM qr_codes q JOIN campaigns c ON c.id = q.campaign_id WHERE c.name = '双十一' ORDER BY q.id",
  );
  assert.deepEqual(
    codes.map((c) => c.name),
    ["地铁2号线", "门店A", "朋友圈广告"],
  );
  assert.ok(codes.every((c) => c.expire_seconds === 7 * 86400));

  const zip = await downloaded(page, () => page.getByTestId("download-zip").click());
  assert.match(zip.name, /^qrcodes-\d{8}-3\.zip$/);
  const entries = readZip(zip.body);
  const pngs = entries.filter((e) => e.name.endsWith(".png"));
  assert.equal(pngs.length, 3);
  assert.ok(entries.some((e) => e.name === "manifest.csv"));
  for (const code of codes) {
    const entry = pngs.find((e) => /^双十一-(.+)-\1-\d+\.png$/.exec(e.name)?.[1] === code.name);
    assert.ok(entry, `PNG for ${code.name}`);
    assert.equal(decodePng(entry.data).text, code.url);
  }
  await page.context().close();
});

test("marketer: list with filters, preview at another size, logo PNG that still scans, renew of an expired code", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await page.getByTestId("codes-table").waitFor();
  assert.equal(await page.getByTestId("code-row").count(), 3);
  assert.match(await page.getByTestId("codes-total").innerText(), /共 3 个/);
  assert.match(await page.getByTestId("code-row").first().innerText(), /有效[\s\S]*7 天后过期/);

  // expire one code: it is marked and can be renewed from the list
  const [expired] = await query<{ id: number; ticket: string }>(
    suite.app.databaseUrl,
    "SELECT id, ticket FROM qr_codes WHERE name = '门店A'",
  );
  await query(suite.app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 day' WHERE id = $1", [expired.id]);
  await page.locator("#codes-search").fill("门店");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="code-row"]').length === 1);
  const row = page.locator(`[data-testid="code-row"][data-code-id="${expired.id}"]`);
  assert.match(await row.innerText(), /已过期/);
  await page.screenshot({ path: `${screenshotDir}/codes-list-search-zh.png` });
  // renewing asks for the new lifetime (the old one preselected) and sends nothing before the confirm
  await page.getByTestId(`renew-${expired.id}`).click();
  const renewDialog = page.getByTestId("renew-dialog");
  assert.equal(await renewDialog.locator("select").inputValue(), "7d");
  await renewDialog.locator("select").selectOption("1d");
  const confirm = page.getByTestId(`renew-confirm-${expired.id}`);
  assert.equal((await confirm.innerText()).trim(), "续期 1 天");
  const [untouched] = await query<{ ticket: string }>(suite.app.databaseUrl, "SELECT ticket FROM qr_codes WHERE id = $1", [
    expired.id,
  ]);
  assert.equal(untouched.ticket, expired.ticket, "opening the dialog renews nothing");
  await confirm.click();
  await row.getByText("24 小时后过期").waitFor();
  assert.equal(await renewDialog.count(), 0, "the dialog closes once renewed");
  const [renewed] = await query<{ ticket: string; expire_seconds: number }>(
    suite.app.databaseUrl,
    "SELECT ticket, expire_seconds FROM qr_codes WHERE id = $1",
    [expired.id],
  );
  assert.notEqual(renewed.ticket, expired.ticket);
  assert.equal(renewed.expire_seconds, 86400);

  await page.locator("#codes-search").fill("");
  await page.getByTestId("filter-status").selectOption("expired");
  await page.getByTestId("empty-state").waitFor();
  assert.match(new URL(page.url()).search, /status=expired/, "filters are kept in the address");
  await page.getByTestId("filter-status").selectOption("");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="code-row"]').length === 3);

  // selection → print sheet link
  await page.getByTestId("select-page").check();
  assert.match(await page.getByTestId("bulk-actions").innerText(), /已选 3 个/);
  assert.match((await page.getByTestId("print-sheet").getAttribute("href")) ?? "", /^\/codes\/print\?ids=\d+,\d+,\d+$/);
  await imagesLoaded(page);
  await page.screenshot({ path: `${screenshotDir}/codes-list-zh.png` });

  // preview
  const [code] = await query<{ id: number; url: string }>(
    suite.app.databaseUrl,
    "SELECT id, url FROM qr_codes WHERE name = '地铁2号线'",
  );
  await page.getByTestId(`preview-${code.id}`).click();
  await page.waitForURL(`${suite.app.baseUrl}/codes/${code.id}`);
  const preview = page.getByTestId("qr-preview");
  await preview.waitFor();
  assert.equal(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth), 430);
  assert.match(await page.getByTestId("detail-url").innerText(), new RegExp(code.url.replace(/[.?/]/g, "\\$&")));
  await page.locator("#preview-size").selectOption("860");
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="qr-preview"]') as HTMLImageElement)?.naturalWidth === 860,
  );
  assert.match(await page.getByTestId("preview-size").innerText(), /860 × 860/);
  await page.locator("#preview-margin").fill("12");
  await page.locator("#preview-margin-error").waitFor();
  await page.locator("#preview-margin").fill("4");

  const plain = await downloaded(page, () => page.getByTestId("download-png").click());
  assert.deepEqual(decodePng(plain.body), { width: 860, text: code.url });
  assert.equal(plain.name, "双十一-地铁2号线-地铁2号线-860.png", "campaign-channel-name-size");
  await page.locator('[data-testid="logo-field"][data-logo="none"]').waitFor();
  await page.getByTestId("logo-file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logoPng() });
  await page.locator('[data-testid="logo-field"][data-logo="code"]').waitFor(); // saved to the code
  const withLogo = await downloaded(page, () => page.getByTestId("download-png").click());
  assert.notDeepEqual(withLogo.body, plain.body);
  const image = PNG.sync.read(withLogo.body);
  const centre = (430 * 860 + 430) * 4;
  assert.deepEqual([...image.data.subarray(centre, centre + 3)], [240, 120, 20], "the logo is in the centre");
  assert.equal(decodePng(withLogo.body).text, code.url, "the code with its logo still scans");
  await page.screenshot({ path: `${screenshotDir}/codes-detail-zh.png`, fullPage: true });
  const svg = await downloaded(page, () => page.getByTestId("download-svg").click());
  assert.match(svg.body.toString(), /<svg[^>]*width="860"/);
  assert.match(svg.body.toString(), /<image [^>]*href="data:image\/png;base64,/, "the SVG has the stored logo");
  assert.equal(svg.name, "双十一-地铁2号线-地铁2号线-860.svg");
  await page.context().close();
});

test("marketer: the single form checks fields inline with the API's schema and shows server refusals on the field", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await page.getByTestId("create-code").click();
  await page.waitForURL(`${suite.app.baseUrl}/codes/new`);
  await page.getByTestId("submit-create").click();
  await page.locator("#name-error").waitFor();
  assert.equal(await page.locator("#name-error").innerText(), "必填");
  assert.equal(await page.locator("#channel-error").innerText(), "必填");
  assert.equal(await page.locator("#name").getAttribute("aria-invalid"), "true");
  await page.locator("#validity").selectOption("custom");
  await page.locator("#validity-seconds").fill("30");
  await page.locator("#validity-seconds-error").waitFor();
  assert.match(await page.locator("#validity-seconds-error").innerText(), /不能小于 60/);
  await page.screenshot({ path: `${screenshotDir}/codes-new-zh.png`, fullPage: true });

  await page.locator("#name").fill("海报 B");
  await page.locator("#channel").fill("地铁2号线");
  await page.locator("#validity-seconds").fill("7200");
  assert.equal(await page.locator("#validity-seconds-error").count(), 0);
  await page.getByLabel("指定字符串").check();
  await page.locator("#scene").fill("s".repeat(65));
  await page.locator("#scene-error").waitFor();
  assert.match(await page.locator("#scene-error").innerText(), /最多 64 个字符/);

  // a scene another code uses: only the server knows, and its answer lands on the scene field
  await query(suite.app.databaseUrl, "UPDATE qr_codes SET scene_str = 'taken_scene' WHERE name = '门店A'");
  await page.locator("#scene").fill("taken_scene");
  await page.getByTestId("submit-create").click();
  await page.locator("#scene-error").waitFor();
  assert.match(await page.locator("#scene-error").innerText(), /已被本公众号的其他二维码使用/);

  await page.locator("#scene").fill("poster_b");
  await page.getByTestId("submit-create").click();
  await page.getByTestId("created-banner").waitFor();
  assert.match(page.url(), /\/codes\/\d+\?created=1$/);
  assert.match(await page.getByTestId("detail-scene").innerText(), /poster_b/);
  assert.match(await page.getByTestId("detail-expiry").innerText(), /2 小时/);
  await page.context().close();
});

test("analyst: sees the list and can download, but has no create or renew and is refused at the create pages", async () => {
  await query(suite.app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 day' WHERE name = '朋友圈广告'");
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  const images: string[] = [];
  page.on("request", (req) => {
    if (/\/api\/qrcodes\/\d+\/image/.test(req.url())) images.push(req.url());
  });
  await page.goto(`${suite.app.baseUrl}/codes`);
  await page.getByTestId("codes-table").waitFor();
  assert.equal(await page.getByTestId("code-row").count(), 4);
  // The thumbnails are drawn in the page from each code's url, module for module the image API's code.
  await page.waitForLoadState("networkidle");
  assert.deepEqual(images, [], "the list asks for no image");
  const rows = await page
    .getByTestId("code-row")
    .evaluateAll((trs) =>
      trs.map((tr) => [
        Number(tr.getAttribute("data-code-id")),
        tr.querySelector('[data-testid="code-thumbnail"] path')?.getAttribute("d"),
      ]),
    );
  for (const [id, drawn] of rows) {
    // the list's thumbnails leave logos out (the code with a logo is drawn by the print sheet below)
    const svg = await (
      await page.request.get(`${suite.app.baseUrl}/api/qrcodes/${id}/image?format=svg&size=96&margin=1&logo=none`)
    ).text();
    assert.equal(drawn, /<path fill="#000" d="([^"]+)"/.exec(svg)?.[1], `code ${id}'s thumbnail`);
  }
  assert.equal(await page.getByTestId("create-code").count(), 0);
  assert.equal(await page.getByTestId("batch-create").count(), 0);
  assert.equal(await page.locator('[data-testid^="renew-"]').count(), 0);
  await page.getByTestId("select-page").check();
  const zip = await downloaded(page, () => page.getByTestId("download-zip").click());
  assert.equal(readZip(zip.body).filter((e) => e.name.endsWith(".png")).length, 4);

  for (const path of ["/codes/new", "/codes/batch"]) {
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByTestId("forbidden").waitFor();
    assert.equal(await page.locator("#name, #channels").count(), 0);
  }

  const ids = (await query<{ id: number }>(suite.app.databaseUrl, "SELECT id FROM qr_codes ORDER BY id")).map((r) => r.id);
  // The list's first page comes with the page itself, before any script of it runs.
  const listHtml = await (await page.request.get(`${suite.app.baseUrl}/codes`)).text();
  assert.equal(listHtml.match(/data-testid="code-row"/g)?.length, 4);

  await page.goto(`${suite.app.baseUrl}/codes/print?ids=${ids.join(",")}`);
  await page.getByTestId("print-grid").waitFor();
  assert.equal(await page.getByTestId("print-cell").count(), 4);
  await page.waitForFunction(() => !(document.querySelector('[data-testid="print-button"]') as HTMLButtonElement).disabled);
  // Each cell is drawn in the page, module for module the code the image API renders (with its logo, if it has one).
  const drawn = await page.locator('[data-testid="print-qr"] path').evaluateAll((paths) => paths.map((p) => p.getAttribute("d")));
  assert.equal(drawn.length, 4);
  assert.equal(await page.getByTestId("print-qr-logo").count(), 1, "the one code with a logo shows it");
  for (const [i, id] of ids.entries()) {
    const svg = await (
      await page.request.get(`${suite.app.baseUrl}/api/qrcodes/${id}/image?format=svg&size=430&margin=2`)
    ).text();
    assert.equal(drawn[i], /<path fill="#000" d="([^"]+)"/.exec(svg)?.[1], `code ${id} as printed`);
  }
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("body > header").isVisible(), false, "the nav is not printed");
  await page.emulateMedia({ media: "screen" });
  await page.screenshot({ path: `${screenshotDir}/codes-print-zh.png`, fullPage: true });
  await page.context().close();
});

test("English screenshots of the list, the form and the batch", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "en");
  await page.getByTestId("codes-table").waitFor();
  assert.match(await page.locator("h1").innerText(), /Channel QR codes/);
  assert.match(await page.getByTestId("codes-table").innerText(), /Expired[\s\S]*Renew/);
  await imagesLoaded(page);
  await page.screenshot({ path: `${screenshotDir}/codes-list-en.png` });

  await page.goto(`${suite.app.baseUrl}/codes/new`);
  await page.getByTestId("submit-create").click();
  await page.locator("#name-error").waitFor();
  assert.equal(await page.locator("#name-error").innerText(), "Required");
  await page.screenshot({ path: `${screenshotDir}/codes-new-en.png`, fullPage: true });

  await page.goto(`${suite.app.baseUrl}/codes/batch`);
  await page.locator("#channels").fill("channel,name,sceneStr\nSubway,Poster 1,en_subway\nShop,,\nSubway,Poster 1,en_other");
  await page.locator('[data-testid="batch-row"][data-status="invalid"]').waitFor();
  assert.match(await page.getByTestId("batch-rows").innerText(), /Repeats an earlier row/);
  await page.locator("#channels").fill("channel,name,sceneStr\nSubway,Poster 1,en_subway\nShop,,");
  await page.getByTestId("start-batch").click();
  await page.getByTestId("batch-summary").waitFor();
  assert.match(await page.getByTestId("batch-summary").innerText(), /2 created, 0 failed/);
  await page.screenshot({ path: `${screenshotDir}/codes-batch-en.png`, fullPage: true });

  // A scene that a code already has is found before anything is created; the button counts the rows it will create.
  const [taken] = await query<{ id: number }>(suite.app.databaseUrl, "SELECT id FROM qr_codes WHERE scene_str = 'en_subway'");
  await page.getByRole("button", { name: "Another batch" }).click();
  await page
    .locator("#channels")
    .fill("channel,name,sceneStr\nSubway,Poster 2,en_subway\nMall,Poster 4,en_mall\nMall,Poster 4,en_mall");
  const takenRow = page.locator('[data-testid="batch-row"]').first();
  await takenRow.getByText(`Scene already used by code #${taken.id}`).waitFor();
  assert.equal(await takenRow.getAttribute("data-status"), "invalid");
  assert.equal(await takenRow.getByRole("link", { name: "Open" }).getAttribute("href"), `/codes/${taken.id}`);
  assert.equal(await page.getByTestId("start-batch").innerText(), "Create 1 code(s)");
  assert.match(await page.getByTestId("batch-skipping").innerText(), /2 rows have a problem and will be skipped/);
  await page.screenshot({ path: `${screenshotDir}/codes-batch-taken-en.png`, fullPage: true });
  await page.getByTestId("start-batch").click();
  await page.getByTestId("batch-summary").waitFor();
  assert.match(await page.getByTestId("batch-summary").innerText(), /1 created, 0 failed/);
  assert.equal(await batchRows(page, "skipped").count(), 2);
  assert.equal(await batchRows(page, "ok").count(), 1);
  const made = await query<{ scene_str: string }>(
    suite.app.databaseUrl,
    "SELECT scene_str FROM qr_codes WHERE name IN ('Poster 2', 'Poster 4')",
  );
  assert.deepEqual(made, [{ scene_str: "en_mall" }], "only the valid row was created");
  await page.context().close();
});
