import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api, push } from "../helpers/wechat-peer";
import type { RunningApp } from "../helpers/app";
import type { AccountKeys } from "@/lib/wechat";

// Events at known local hours of an Asia/Shanghai account, one just after local midnight (still the
// previous day in UTC), read back as the heatmap's cells and as the two CSVs' times, in zh and en
// (issue 11, points 4 and 6).

let app: RunningApp;
let analyst = "";
const keys: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_heatmap",
  token: "token_heatmap",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_heatmap",
};
const codes = { subway: 0, mall: 0 };

/** Unix seconds of a wall-clock time in Shanghai. */
const shanghaiTime = (local: string) => Date.parse(`${local.replace(" ", "T")}+08:00`) / 1000;

before(async () => {
  ({
    app,
    tokens: { analyst },
  } = await startAppWithTokens({ analyst: "analyst" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  keys.id = (await upsertAccount({ ...keys, name: "热力", appSecret: "s", timeZone: "Asia/Shanghai" })).id;
  codes.subway = await seedActiveCode({ accountId: keys.id, channel: "地铁", name: "地铁 A 口", sceneStr: "subway-a" });
  codes.mall = await seedActiveCode({ accountId: keys.id, channel: "商场", campaign: "元宵", name: "商场海报", sceneId: 42 });
  const send = async (openid: string, event: "subscribe" | "SCAN", scene: string, local: string) => {
    const eventKey = event === "subscribe" ? `qrscene_${scene}` : scene;
    const res = await push(app.baseUrl, keys, { openid, event, eventKey, ticket: `t-${scene}`, createTime: shanghaiTime(local) });
    assert.equal(res.status, 200, res.text);
  };
  await send("o_sunday", "subscribe", "subway-a", "2026-03-15 23:30:00"); // Sunday: before the range
  await send("o_midnight", "subscribe", "subway-a", "2026-03-16 00:30:05"); // Monday 00:30 here, Sunday 16:30 in UTC
  await send("o_tue", "subscribe", "42", "2026-03-17 14:05:00");
  await send("o_midnight", "SCAN", "subway-a", "2026-03-17 14:59:59");
  await send("o_sun", "subscribe", "42", "2026-03-22 23:00:00"); // the range's last hour
});

after(() => stopApp(app));

const heatmap = (params: string) => api(app.baseUrl, analyst, `/api/stats/heatmap?accountId=${keys.id}&${params}`);

test("the heatmap counts scans per local weekday (Monday first) and hour, over the range and filter", async () => {
  const week = await heatmap("from=2026-03-16&to=2026-03-22");
  assert.equal(week.status, 200, JSON.stringify(week.body));
  assert.equal(week.body.timeZone, "Asia/Shanghai");
  assert.deepEqual([week.body.from, week.body.to], ["2026-03-16", "2026-03-22"]);
  const scans: number[][] = week.body.scans;
  assert.deepEqual([scans.length, ...new Set(scans.map((day) => day.length))], [7, 24], "7 weekdays × 24 hours");
  const cells = scans.flatMap((day, d) => day.flatMap((n, h) => (n ? [[d, h, n]] : [])));
  assert.deepEqual(cells, [
    [0, 0, 1], // Monday 00:00–01:00, though UTC still had Sunday
    [1, 14, 2], // Tuesday 14:00–15:00: a subscribe and a follower's scan
    [6, 23, 1], // Sunday 23:00–24:00
  ]);

  const mallOnly = await heatmap(`from=2026-03-16&to=2026-03-22&channel=${encodeURIComponent("商场")}`);
  assert.deepEqual(
    mallOnly.body.scans.flatMap((day: number[], d: number) => day.flatMap((n, h) => (n ? [[d, h, n]] : []))),
    [
      [1, 14, 1],
      [6, 23, 1],
    ],
  );
  const oneCode = await heatmap(`from=2026-03-15&to=2026-03-15&qrCodeId=${codes.subway}`);
  assert.equal(oneCode.body.scans[6][23], 1, "Sunday 23:30 local");
  assert.equal(
    oneCode.body.scans.flat().reduce((a: number, b: number) => a + b, 0),
    1,
  );

  assert.equal((await heatmap("from=2026-03-22&to=2026-03-16")).body.error.field, "to");
  assert.equal((await heatmap("from=2026-03-16&to=2026-03-22&qrCodeId=x")).body.error.field, "qrCodeId");
  assert.equal((await fetch(`${app.baseUrl}/api/stats/heatmap?from=2026-03-16&to=2026-03-22`)).status, 401);
});

const csv = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${analyst}`, ...headers } });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM, for Excel");
  return bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
};

test("the raw events CSV: local times under a header naming the zone, in the asked language or the dashboard's", async () => {
  const range = `accountId=${keys.id}&from=2026-03-16&to=2026-03-17`;
  const zh = await csv(`/api/events?${range}&lang=zh`);
  assert.equal(zh[0], "时间 (Asia/Shanghai),事件,openid,场景值,二维码 ID,二维码,渠道,活动,未计入原因");
  assert.deepEqual(zh.slice(1), [
    `2026-03-16 00:30:05,扫码关注,o_midnight,subway-a,${codes.subway},地铁 A 口,地铁,（无活动）,`,
    `2026-03-17 14:05:00,扫码关注,o_tue,42,${codes.mall},商场海报,商场,元宵,`,
    `2026-03-17 14:59:59,已关注用户扫码,o_midnight,subway-a,${codes.subway},地铁 A 口,地铁,（无活动）,`,
  ]);
  const en = await csv(`/api/events?${range}&lang=en`);
  assert.equal(en[0], "Time (Asia/Shanghai),Event,openid,Scene,QR code ID,QR code,Channel,Campaign,Not counted because");
  assert.equal(en[1], `2026-03-16 00:30:05,Scan and follow,o_midnight,subway-a,${codes.subway},地铁 A 口,地铁,(no campaign),`);

  // Without lang: the dashboard's language cookie, else the browser's.
  assert.equal((await csv(`/api/events?${range}`, { cookie: "qudao-lang=zh" }))[0].split(",")[1], "事件");
  assert.equal((await csv(`/api/events?${range}`, { "accept-language": "en-GB,en;q=0.9" }))[0].split(",")[1], "Event");
  assert.equal((await csv(`/api/events?${range}`, { "accept-language": "zh-CN,zh;q=0.9" }))[0].split(",")[1], "事件");
});

test("the stats CSV by code: id, scene, channel, campaign placeholder, localized totals and a conversion column", async () => {
  const path = `/api/stats?accountId=${keys.id}&from=2026-03-16&to=2026-03-22&groupBy=qrcode&format=csv`;
  const zh = await csv(`${path}&lang=zh`);
  assert.match(zh[0], /^二维码,二维码 ID,场景值,渠道,活动,扫码次数,扫码人数,新增关注,.*,关注转化率$/);
  const row = (lines: string[], start: string) => lines.find((line) => line.startsWith(start))?.split(",");
  const subway = row(zh, "地铁 A 口,")!;
  assert.deepEqual(subway.slice(0, 7), ["地铁 A 口", String(codes.subway), "subway-a", "地铁", "（无活动）", "2", "1"]);
  assert.equal(subway.at(-1), "100.0%");
  assert.deepEqual(row(zh, "商场海报,")!.slice(0, 6), ["商场海报", String(codes.mall), "42", "商场", "元宵", "2"]);
  assert.deepEqual(row(zh, "合计,")!.slice(0, 7), ["合计", "", "", "", "", "4", "3"]);

  const en = await csv(`${path}&lang=en`);
  assert.match(en[0], /^QR code,QR code ID,Scene,Channel,Campaign,Scans,Unique scanners,.*,Follow conversion$/);
  assert.equal(row(en, "地铁 A 口,")![4], "(no campaign)");
  assert.deepEqual(row(en, "Total,")!.slice(0, 6), ["Total", "", "", "", "", "4"]);
  assert.equal(row(en, "Total,")!.at(-1), "100.0%");

  const byCampaign = await csv(
    `/api/stats?accountId=${keys.id}&from=2026-03-16&to=2026-03-22&groupBy=campaign&format=csv&lang=zh`,
  );
  assert.equal(byCampaign[0].split(",")[0], "活动");
  assert.ok(
    byCampaign.some((line) => line.startsWith("（无活动）,2,")),
    byCampaign.join("\n"),
  );
});
