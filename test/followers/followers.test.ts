import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { seedActiveCode } from "../helpers/seed";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api, push } from "../helpers/wechat-peer";
import type { RunningApp } from "../helpers/app";

// The followers a code, its channel and its campaign brought, after a scripted sequence with known
// answers; and the codes list's counts of the same sequence.

let app: RunningApp;
let tokens: { analyst: string; integration: string };
const keys = { appId: "wx_fans", token: "fanstoken", encodingAesKey: null, mode: "plain" as const, id: 0, originalId: "gh_fans" };
const codes = { one: 0, two: 0, three: 0 };
const ids = { channel: 0, campaign: 0 };
// 2026-03-02 09:00:00 in Shanghai, the account's zone; one step a minute.
const T0 = Date.parse("2026-03-02T01:00:00Z") / 1000;
const at = (minute: number) => T0 + minute * 60;
const iso = (minute: number) => new Date(at(minute) * 1000).toISOString();

async function send(openid: string, event: "subscribe" | "SCAN" | "unsubscribe", minute: number, scene?: string) {
  const eventKey = scene === undefined ? undefined : event === "subscribe" ? `qrscene_${scene}` : scene;
  const res = await push(app.baseUrl, keys, { openid, event, eventKey, createTime: at(minute) });
  assert.equal(res.status, 200, res.text);
}

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ analyst: "analyst", integration: "integration" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  keys.id = (await upsertAccount({ ...keys, name: "fans", appSecret: "s", timeZone: "Asia/Shanghai" })).id;
  codes.one = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: "春节", name: "A口", sceneStr: "c1" });
  codes.two = await seedActiveCode({ accountId: keys.id, channel: "公交", name: "站台", sceneStr: "c2" });
  codes.three = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: "春节", name: "B口", sceneStr: "c3" });
  const { prisma } = await import("@/lib/db/client");
  ids.channel = (await prisma.channel.findFirstOrThrow({ where: { accountId: keys.id, name: "地铁" } })).id;
  ids.campaign = (await prisma.campaign.findFirstOrThrow({ where: { accountId: keys.id, name: "春节" } })).id;

  await send("o_A", "subscribe", 0, "c1"); // A follows through code 1 …
  await send("o_A", "SCAN", 1, "c1"); // … scans it twice more …
  await send("o_A", "SCAN", 2, "c1");
  await send("o_A", "unsubscribe", 3); // … and leaves
  await send("o_B", "subscribe", 4, "c2"); // B follows through code 2 …
  await send("o_B", "unsubscribe", 5);
  await send("o_B", "subscribe", 6, "c1"); // … and comes back through code 1: attributed to code 1 now
  await send("o_C", "SCAN", 7, "c1"); // C, who followed before codes were tracked, only scans
  await send("o_D", "subscribe", 8, "c3"); // D follows through code 3, the channel's and campaign's other code
});

after(() => stopApp(app));

const get = (path: string, token = tokens.analyst) => api(app.baseUrl, token, path);

test("a code's followers: who it brought, newest first, with their scans of it; the filter keeps those still following", async () => {
  const all = await get(`/api/followers?qrCodeId=${codes.one}`);
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.deepEqual(all.body.scope, {
    kind: "qrCodeId",
    id: codes.one,
    name: "A口",
    accountId: keys.id,
    timeZone: "Asia/Shanghai",
  });
  assert.deepEqual(all.body.items, [
    {
      openid: "o_B",
      qrCodeId: codes.one,
      qrCode: "A口",
      followedAt: iso(6),
      following: true,
      unfollowedAt: null,
      lastScanAt: iso(6),
      scans: 1,
    },
    {
      openid: "o_A",
      qrCodeId: codes.one,
      qrCode: "A口",
      followedAt: iso(0),
      following: false,
      unfollowedAt: iso(3),
      lastScanAt: iso(2),
      scans: 3,
    },
  ]);
  assert.deepEqual([all.body.total, all.body.following, all.body.next], [2, 1, null]);

  const following = await get(`/api/followers?qrCodeId=${codes.one}&status=following`);
  assert.deepEqual(
    following.body.items.map((f: { openid: string }) => f.openid),
    ["o_B"],
  );
  assert.deepEqual([following.body.total, following.body.following], [1, 1]);

  const moved = await get(`/api/followers?qrCodeId=${codes.two}`);
  assert.deepEqual([moved.body.items, moved.body.total], [[], 0], "B's re-follow through code 1 took B from code 2");
});

test("a channel's and a campaign's followers span their codes, a page at a time", async () => {
  for (const scope of [`channelId=${ids.channel}`, `campaignId=${ids.campaign}`]) {
    const first = await get(`/api/followers?${scope}&pageSize=2`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.items.map((f: { openid: string; qrCode: string }) => [f.openid, f.qrCode]),
      [
        ["o_D", "B口"],
        ["o_B", "A口"],
      ],
      scope,
    );
    assert.deepEqual([first.body.total, first.body.following], [3, 2]);
    assert.equal(typeof first.body.next, "string");
    const second = await get(`/api/followers?${scope}&pageSize=2&after=${first.body.next}`);
    assert.deepEqual(
      second.body.items.map((f: { openid: string }) => f.openid),
      ["o_A"],
      scope,
    );
    assert.equal(second.body.next, null);
  }
  const channel = await get(`/api/followers?channelId=${ids.channel}&status=following&pageSize=1`);
  assert.deepEqual([channel.body.items.map((f: { openid: string }) => f.openid), channel.body.total], [["o_D"], 2]);
});

test("the CSV: a BOM, headers in the asked (or the browser's) language, times on the account's clock with the zone named", async () => {
  const zh = await fetch(`${app.baseUrl}/api/followers?qrCodeId=${codes.one}&format=csv`, {
    headers: { authorization: `Bearer ${tokens.analyst}`, "accept-language": "zh-CN,zh;q=0.9" },
  });
  assert.equal(zh.status, 200);
  assert.match(zh.headers.get("content-type") ?? "", /^text\/csv/);
  const bytes = Buffer.from(await zh.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM, for Excel");
  assert.deepEqual(bytes.subarray(3).toString("utf8").trimEnd().split("\r\n"), [
    "OpenID,二维码 ID,二维码,关注时间（Asia/Shanghai）,仍在关注,取消关注时间（Asia/Shanghai）,最近扫码（Asia/Shanghai）,扫码次数",
    `o_B,${codes.one},A口,2026-03-02 09:06:00,是,,2026-03-02 09:06:00,1`,
    `o_A,${codes.one},A口,2026-03-02 09:00:00,否,2026-03-02 09:03:00,2026-03-02 09:02:00,3`,
  ]);

  const en = await fetch(`${app.baseUrl}/api/followers?channelId=${ids.channel}&status=following&format=csv&lang=en`, {
    headers: { authorization: `Bearer ${tokens.analyst}`, "accept-language": "zh-CN" },
  });
  const lines = (await en.text())
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  assert.deepEqual(lines, [
    "OpenID,Code ID,Code,Followed at (Asia/Shanghai),Still following,Unfollowed at (Asia/Shanghai),Last scan (Asia/Shanghai),Scans",
    `o_D,${codes.three},B口,2026-03-02 09:08:00,yes,,2026-03-02 09:08:00,1`,
    `o_B,${codes.one},A口,2026-03-02 09:06:00,yes,,2026-03-02 09:06:00,1`,
  ]);
});

test("the codes list counts each code's scans, the followers it holds and its last scan, and sorts by them", async () => {
  const list = async (sort: string) => {
    const res = await get(`/api/qrcodes?accountId=${keys.id}&sort=${sort}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.map((c: { id: number; scans: number; followers: number; lastScanAt: string | null }) => [
      c.id,
      c.scans,
      c.followers,
      c.lastScanAt,
    ]);
  };
  const one = [codes.one, 5, 1, iso(7)]; // A's three scans, B's follow, C's scan; B still follows
  const two = [codes.two, 1, 0, iso(4)]; // B's first follow; B moved on
  const three = [codes.three, 1, 1, iso(8)];
  assert.deepEqual(await list("newest"), [three, two, one]);
  assert.deepEqual(await list("scans"), [one, three, two], "most scans first, ties newest code first");
  assert.deepEqual(await list("followers"), [three, one, two]);
  assert.deepEqual(await list("lastScan"), [three, one, two]);
  const page = await get(`/api/qrcodes?accountId=${keys.id}&sort=scans&pageSize=1&page=2`);
  assert.deepEqual(
    [page.body.items.map((c: { id: number }) => c.id), page.body.total],
    [[codes.three], 3],
    "paging works under a count sort",
  );
  const filtered = await get(`/api/qrcodes?accountId=${keys.id}&sort=followers&channel=${encodeURIComponent("地铁")}`);
  assert.deepEqual(
    filtered.body.items.map((c: { id: number }) => c.id),
    [codes.three, codes.one],
    "and so do filters",
  );
  assert.equal((await get(`/api/qrcodes?sort=loudest`)).status, 400);
});

test("bad parameters are a 400 naming the field; an unknown code a 404", async () => {
  const cases: [string, string][] = [
    ["", "qrCodeId"],
    [`qrCodeId=${codes.one}&channelId=${ids.channel}`, "qrCodeId"],
    ["qrCodeId=abc", "qrCodeId"],
    ["channelId=0", "channelId"],
    [`qrCodeId=${codes.one}&pageSize=101`, "pageSize"],
    [`qrCodeId=${codes.one}&status=gone`, "status"],
    [`qrCodeId=${codes.one}&after=bm90IGEgY3Vyc29y`, "after"],
    [`qrCodeId=${codes.one}&format=xlsx`, "format"],
    [`qrCodeId=${codes.one}&lang=fr`, "lang"],
  ];
  for (const [query, field] of cases) {
    const res = await get(`/api/followers?${query}`);
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.field, field, query);
  }
  assert.equal((await get("/api/followers?campaignId=999999")).status, 404);
});

test("an analyst may read followers; an integration token and a stranger may not", async () => {
  assert.equal((await get(`/api/followers?qrCodeId=${codes.one}`, tokens.integration)).status, 403);
  assert.equal((await fetch(`${app.baseUrl}/api/followers?qrCodeId=${codes.one}`)).status, 401);
});
