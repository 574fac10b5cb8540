import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { today } from "../helpers/dates";
import { decodeQrPng, scanShownCode } from "../helpers/scan-shown-code";
import { LIVE_CODE_RULES } from "@/lib/limits";

// Issue 9, point 2: live codes (活码). A stable public page and image per code that always show a
// valid temporary code, renewed before it expires; per-visitor tickets, rate-limited per address.

let app: RunningApp;
let tokens: Record<"marketer" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ marketer: "m", analyst: "a" })));
after(() => stopApp(app));

const create = (body: unknown) =>
  api(app.baseUrl, tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });

async function createLive(body: Record<string, unknown>) {
  const res = await create({ kind: "temporary", ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const page = (slug: string, language = "zh-CN,zh;q=0.9") =>
  fetch(`${app.baseUrl}/q/${slug}`, { headers: { "accept-language": language } });

async function image(slug: string) {
  const res = await fetch(`${app.baseUrl}/q/${slug}/image.png?size=300`);
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, url: res.status === 200 ? decodeQrPng(body) : null };
}

async function channelScans(channel: string): Promise<number> {
  const day = today();
  const stats = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=channel`);
  assert.equal(stats.status, 200, JSON.stringify(stats.body));
  return stats.body.rows.find((row: { label: string }) => row.label === channel)?.scans ?? 0;
}

test("a live code: its public page and image show its ticket, a scan of it counts for its channel", async () => {
  const code = await createLive({ name: "官网页脚", channel: "官网", live: { slug: "site-footer" } });
  assert.deepEqual(code.live, { slug: "site-footer", perVisitor: false, path: "/q/site-footer" });
  const lifetime = Date.parse(code.expiresAt) - Date.now();
  assert.ok(
    Math.abs(lifetime - LIVE_CODE_RULES.ticketSeconds * 1000) < 60_000,
    `the shared ticket lives long: ${code.expiresAt}`,
  );

  const zh = await page("site-footer");
  assert.equal(zh.status, 200);
  assert.match(zh.headers.get("content-type") ?? "", /^text\/html/);
  const html = await zh.text();
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /扫码关注/);
  assert.match(html, /name="viewport"/, "made for phones");
  const refresh = /http-equiv="refresh" content="(\d+)"/.exec(html);
  assert.ok(refresh, "the page reloads itself");
  const expiresInSeconds = (Date.parse(code.expiresAt) - Date.now()) / 1000;
  assert.ok(Number(refresh[1]) < expiresInSeconds, "before the ticket it shows expires");
  assert.match(html, /src="\/q\/site-footer\/image\.png\?v=[0-9a-z]+"/);
  assert.doesNotMatch(html, /<script/, "no dashboard, no scripts");
  const en = await (await page("site-footer", "en-US,en;q=0.9")).text();
  assert.match(en, /<html lang="en">/);
  assert.match(en, /Scan to follow/);

  const shown = await image("site-footer");
  assert.equal(shown.res.status, 200);
  assert.equal(shown.res.headers.get("content-type"), "image/png");
  assert.equal(shown.url, code.url, "the image is the code's own ticket");
  const maxAge = Number(/max-age=(\d+)/.exec(shown.res.headers.get("cache-control") ?? "")?.[1]);
  assert.ok(maxAge > 0 && maxAge <= expiresInSeconds, `cacheable only while the ticket is valid (max-age ${maxAge})`);

  const before = await channelScans("官网");
  const scan = await scanShownCode(app.baseUrl, app.databaseUrl, shown.url!, "o_live_1");
  assert.equal(scan.status, 200);
  assert.equal(await channelScans("官网"), before + 1);
  const [event] = await query<{ qr_code_id: number }>(app.databaseUrl, "SELECT qr_code_id FROM events WHERE openid = 'o_live_1'");
  assert.equal(event.qr_code_id, code.id);

  // Beside a printed code of the same channel, in the statistics by code, labelled as a live code.
  const printed = await create({ name: "官网海报", channel: "官网", kind: "permanent" });
  assert.equal(printed.status, 201);
  await scanShownCode(app.baseUrl, app.databaseUrl, printed.body.url, "o_printed_1");
  const day = today();
  const byCode = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=qrcode&channel=官网`);
  const rows = byCode.body.rows.map((r: { label: string; live?: boolean; scans: number }) => [r.label, r.live ?? false, r.scans]);
  assert.deepEqual(
    rows.sort(),
    [
      ["官网海报", false, 1],
      ["官网页脚", true, 1],
    ].sort(),
  );
});

test("a due ticket is renewed once for visitors arriving together, keeps the scene, and scans after renewal count", async () => {
  const code = await createLive({ name: "邮件签名", channel: "邮件", live: { slug: "mail-sig" } });
  const ticketsOfScene = async () =>
    (
      await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tickets WHERE scene_id = $1", [
        code.sceneId,
      ])
    )[0].n;
  const renewals = async () =>
    (
      await query<{ n: number }>(
        app.databaseUrl,
        "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'code.renew' AND target_id = $1",
        [String(code.id)],
      )
    )[0].n;
  assert.equal(await ticketsOfScene(), 1);

  // The ticket is within the renewal margin of its expiry: the next visits renew it.
  await query(app.databaseUrl, "UPDATE qr_codes SET expires_at = now() + interval '1 hour' WHERE id = $1", [code.id]);
  // Eight visitors of the app, and four of a second instance (this test process, with its own memory).
  const { sharedLiveTicket } = await import("@/lib/qrcodes/live");
  const [visits, elsewhere] = await Promise.all([
    Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? page("mail-sig") : image("mail-sig").then((r) => r.res)))),
    Promise.all(Array.from({ length: 4 }, () => sharedLiveTicket("mail-sig"))),
  ]);
  for (const visit of visits) assert.equal(visit.status, 200);
  assert.equal(await ticketsOfScene(), 2, "one renewal for twelve visitors on two instances");
  assert.equal(new Set(elsewhere.map((shown) => shown?.url)).size, 1, "the other instance shows the same new ticket");
  assert.equal(await renewals(), 1, "recorded once in the audit log");

  const [row] = await query<{ url: string; scene_id: string; expires_at: Date }>(
    app.databaseUrl,
    "SELECT url, scene_id::text, expires_at FROM qr_codes WHERE id = $1",
    [code.id],
  );
  assert.notEqual(row.url, code.url, "a new ticket");
  assert.equal(Number(row.scene_id), code.sceneId, "for the same scene");
  assert.ok(row.expires_at.getTime() - Date.now() > (LIVE_CODE_RULES.ticketSeconds - 120) * 1000);
  const shown = await image("mail-sig");
  assert.equal(shown.url, row.url, "the page shows the renewed ticket");

  // An expired ticket (nobody visited for its whole lifetime) is renewed by the first visit, too.
  await query(app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 minute' WHERE id = $1", [code.id]);
  const afterExpiry = await image("mail-sig");
  assert.equal(afterExpiry.res.status, 200);
  assert.notEqual(afterExpiry.url, row.url);
  assert.equal(await ticketsOfScene(), 3);

  const before = await channelScans("邮件");
  assert.equal((await scanShownCode(app.baseUrl, app.databaseUrl, afterExpiry.url!, "o_live_2")).status, 200);
  assert.equal(await channelScans("邮件"), before + 1, "a scan of the renewed ticket counts for the same channel");
  const [event] = await query<{ qr_code_id: number }>(app.databaseUrl, "SELECT qr_code_id FROM events WHERE openid = 'o_live_2'");
  assert.equal(event.qr_code_id, code.id, "and for the same code");
});

test("per visitor: each visit gets its own ticket (a drawn scene of the code, no new code) and its scans count", async () => {
  const code = await createLive({ name: "广告落地页", channel: "信息流广告", live: { perVisitor: true } });
  assert.match(code.live.slug, /^[a-z0-9]{10}$/, "a slug is generated when none is given");
  assert.equal(code.live.perVisitor, true);
  const codesBefore = (await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM qr_codes"))[0].n;

  const first = await image(code.live.slug);
  const second = await image(code.live.slug);
  assert.equal(first.res.status, 200);
  assert.equal(first.res.headers.get("cache-control"), "no-store", "a visitor's own code is never cached");
  assert.ok(first.url && second.url && first.url !== second.url, "distinct tickets per visit");
  assert.notEqual(first.url, code.url);
  const html = await (await page(code.live.slug)).text();
  assert.match(html, /src="data:image\/png;base64,/, "the page carries its visitor's code inside it");
  assert.equal((await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM qr_codes"))[0].n, codesBefore);

  const before = await channelScans("信息流广告");
  const scan = await scanShownCode(app.baseUrl, app.databaseUrl, first.url!, "o_visitor_1");
  assert.match(scan.scene, new RegExp(`^qd\\.${code.id}\\.`), "a scene drawn for the live code");
  assert.equal(scan.status, 200);
  assert.equal(await channelScans("信息流广告"), before + 1);
  const [event] = await query<{ qr_code_id: number }>(
    app.databaseUrl,
    "SELECT qr_code_id FROM events WHERE openid = 'o_visitor_1'",
  );
  assert.equal(event.qr_code_id, code.id);
});

test("invalid live input is a 400 naming the field, a taken slug a 409, and nothing is created", async () => {
  const count = async () => (await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM qr_codes"))[0].n;
  const before = await count();
  const invalid: [unknown, string][] = [
    [{ name: "x", channel: "c", kind: "temporary", live: { slug: "ab" } }, "live.slug"],
    [{ name: "x", channel: "c", kind: "temporary", live: { slug: "Upper-Case" } }, "live.slug"],
    [{ name: "x", channel: "c", kind: "temporary", live: { slug: "a/b/c" } }, "live.slug"],
    [{ name: "x", channel: "c", kind: "temporary", live: { slug: "s".repeat(65) } }, "live.slug"],
    [{ name: "x", channel: "c", kind: "temporary", live: { perVisitor: "yes" } }, "live.perVisitor"],
    [{ name: "x", channel: "c", kind: "temporary", live: { other: 1 } }, "live"],
    [{ name: "x", channel: "c", kind: "permanent", live: {} }, "kind"],
    [{ name: "x", channel: "c", kind: "temporary", expireSeconds: 600, live: {} }, "expireSeconds"],
  ];
  for (const [body, field] of invalid) {
    const res = await create(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  }
  const taken = await create({ name: "again", channel: "c", kind: "temporary", live: { slug: "site-footer" } });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, "slug_taken");
  assert.equal(taken.body.error.field, "live.slug");
  assert.equal(await count(), before);
});

test("an unknown or malformed slug is a 404 page (and a 404 image), in the visitor's language", async () => {
  for (const slug of ["no-such-code", "UPPER", "x"]) {
    const res = await page(slug, "en");
    assert.equal(res.status, 404, slug);
    assert.match(await res.text(), /QR code not found/);
    assert.equal((await image(slug)).res.status, 404);
  }
  assert.match(await (await page("no-such-code")).text(), /找不到这个二维码/);
  const badSize = await fetch(`${app.baseUrl}/q/site-footer/image.png?size=5`);
  assert.equal(badSize.status, 400);
  assert.equal((await badSize.json()).error.field, "size");
});

test("per-visitor tickets are limited per client address: 429 with Retry-After beyond the limit", async () => {
  const code = await createLive({ name: "限流", channel: "信息流广告", live: { slug: "limited-ad", perVisitor: true } });
  const limit = LIVE_CODE_RULES.visitorTicketsPerMinute;
  const statuses: number[] = [];
  let refused: Response | undefined;
  for (let i = 0; i < limit + 5 && !refused; i++) {
    const res = i % 2 ? await page(code.live.slug) : (await image(code.live.slug)).res;
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  assert.ok(refused, `refused within ${limit + 5} visits: ${statuses.join(",")}`);
  assert.ok(statuses.filter((s) => s === 200).length <= limit, "at most the limit drawn per minute from one address");
  const retryAfter = Number(refused.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  const busyPage = await page(code.live.slug, "en");
  assert.equal(busyPage.status, 429);
  assert.match(await busyPage.text(), /Please try again shortly/);
  // The shared code of another live code draws nothing new and is not limited.
  assert.equal((await page("site-footer")).status, 200);
});
