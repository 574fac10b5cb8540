import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { METRICS, conversion, type Counts } from "@/lib/stats/metrics";
import type { AccountKeys } from "@/lib/wechat";

// People and events, both counted (SPEC §4), pinned by a scripted sequence sent through the real
// webhook (Asia/Shanghai; weeks run Monday 03-09 … Sunday 03-15, Monday 03-16 …):
//   D follows via code 3 (03-02) and unfollows (03-13): in later ranges an unfollow-only person.
//   B follows without a code (03-02, not counted), then scans code 1 as a follower on 03-11, 03-14, 03-16.
//   A follows via code 1, unfollows and follows again within one hour (03-13 10:xx), unfollows on
//     Sunday 03-15, follows on Monday 03-16 (across the week boundary), unfollows and follows again on 03-17.
//   C follows via code 2 (03-14), unfollows (03-15), follows via code 1 (03-16): the attribution moves.
// Every number below is worked out by hand from that story.

let app: RunningApp;
let analyst = "";
const keys: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_people",
  token: "token_people",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_people",
};
const codes = { one: 0, two: 0, three: 0 };

const shanghaiTime = (local: string) => Date.parse(`${local.replace(" ", "T")}+08:00`) / 1000;

/** [scans, uniqueScanners, newFollows, newFollowers, unfollows, unfollowers, netFollows], in METRICS' order. */
type Pinned = [number, number, number, number, number, number, number];
const pinned = (c: Counts): Pinned => METRICS.map((m) => c[m]) as Pinned;
const NOTHING: Pinned = [0, 0, 0, 0, 0, 0, 0];

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { upsertAccount } = await import("@/lib/db/accounts");
  analyst = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  keys.id = (await upsertAccount({ ...keys, name: "人数", appSecret: "s" })).id;
  const { foldPending } = await import("@/lib/db/stats-fold");
  codes.one = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: "元宵", name: "码一", sceneStr: "p1" });
  codes.two = await seedActiveCode({ accountId: keys.id, channel: "商场", campaign: "元宵", name: "码二", sceneStr: "p2" });
  codes.three = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: null, name: "码三", sceneStr: "p3" });

  const send = async (openid: string, event: "subscribe" | "SCAN" | "unsubscribe", scene: string | null, local: string) => {
    const eventKey = scene === null ? undefined : event === "subscribe" ? `qrscene_${scene}` : scene;
    const res = await push(app.baseUrl, keys, {
      openid,
      event,
      eventKey,
      ticket: scene ?? undefined,
      createTime: shanghaiTime(local),
    });
    assert.equal(res.status, 200, res.text);
    await foldPending(); // each event folded on its own, onto what is already counted: the fold's hardest case
  };
  await send("o_D", "subscribe", "p3", "2026-03-02 10:00:00");
  await send("o_B", "subscribe", null, "2026-03-02 11:00:00");
  await send("o_B", "SCAN", "p1", "2026-03-11 15:00:00");
  await send("o_A", "subscribe", "p1", "2026-03-13 10:00:00");
  await send("o_A", "unsubscribe", null, "2026-03-13 10:20:00");
  await send("o_A", "subscribe", "p1", "2026-03-13 10:40:00");
  await send("o_D", "unsubscribe", null, "2026-03-13 12:00:00");
  await send("o_C", "subscribe", "p2", "2026-03-14 12:00:00");
  await send("o_B", "SCAN", "p1", "2026-03-14 15:00:00");
  await send("o_C", "unsubscribe", null, "2026-03-15 08:00:00");
  await send("o_A", "unsubscribe", null, "2026-03-15 20:00:00");
  await send("o_C", "subscribe", "p1", "2026-03-16 09:00:00");
  await send("o_A", "subscribe", "p1", "2026-03-16 10:00:00");
  await send("o_B", "SCAN", "p1", "2026-03-16 16:00:00");
  await send("o_A", "unsubscribe", null, "2026-03-17 12:00:00");
  await send("o_A", "subscribe", "p1", "2026-03-17 12:30:00");
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

/** GET /api/stats: rows by label ("" for no campaign) and the totals, each as its pinned numbers. */
async function stats(from: string, to: string, groupBy: "qrcode" | "channel" | "campaign", filter = "") {
  const res = await api(
    app.baseUrl,
    analyst,
    `/api/stats?accountId=${keys.id}&from=${from}&to=${to}&groupBy=${groupBy}${filter}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const rows = res.body.rows as (Counts & { label: string })[];
  for (const c of [...rows, res.body.totals as Counts]) {
    assert.ok(c.newFollowers <= c.uniqueScanners, `${from}…${to} ${groupBy}: new followers are among the scanners`);
    assert.ok((conversion(c) ?? 0) <= 1, "conversion never above 100 %");
  }
  return {
    rows: Object.fromEntries(rows.map((r) => [r.label, pinned(r)])),
    totals: pinned(res.body.totals),
  };
}

async function assertPinned(when: string) {
  // One day: A followed twice and unfollowed once (one person), D unfollowed.
  assert.deepEqual(
    await stats("2026-03-13", "2026-03-13", "qrcode"),
    { rows: { 码一: [2, 1, 2, 1, 1, 1, 1], 码三: [0, 0, 0, 0, 1, 1, -1] }, totals: [2, 1, 2, 1, 2, 2, 0] },
    `${when}: one day`,
  );
  assert.deepEqual(
    await stats("2026-03-16", "2026-03-16", "qrcode"),
    { rows: { 码一: [3, 3, 2, 2, 0, 0, 2] }, totals: [3, 3, 2, 2, 0, 0, 2] },
    `${when}: one Monday`,
  );
  // Days within one week (Wednesday to Sunday).
  assert.deepEqual(
    await stats("2026-03-11", "2026-03-15", "qrcode"),
    {
      rows: { 码一: [4, 2, 2, 1, 2, 1, 0], 码二: [1, 1, 1, 1, 1, 1, 0], 码三: [0, 0, 0, 0, 1, 1, -1] },
      totals: [5, 3, 3, 2, 4, 3, -1],
    },
    `${when}: Wednesday to Sunday`,
  );
  // From a Wednesday to the next week's Tuesday: days, a whole week, days.
  const midWeek = { 码一: [8, 3, 5, 2, 3, 1, 2], 码二: [1, 1, 1, 1, 1, 1, 0], 码三: [0, 0, 0, 0, 1, 1, -1] };
  const midWeekTotals: Pinned = [9, 3, 6, 2, 5, 3, 1];
  assert.deepEqual(
    await stats("2026-03-04", "2026-03-17", "qrcode"),
    { rows: midWeek, totals: midWeekTotals },
    `${when}: mid-week`,
  );
  assert.deepEqual(
    await stats("2026-03-04", "2026-03-17", "channel"),
    { rows: { 地铁: [8, 3, 5, 2, 4, 2, 1], 商场: [1, 1, 1, 1, 1, 1, 0] }, totals: midWeekTotals },
    `${when}: by channel`,
  );
  assert.deepEqual(
    await stats("2026-03-04", "2026-03-17", "campaign"),
    { rows: { 元宵: [9, 3, 6, 2, 4, 2, 2], "": [0, 0, 0, 0, 1, 1, -1] }, totals: midWeekTotals },
    `${when}: by campaign (C counts once across codes 1 and 2)`,
  );
  assert.deepEqual(
    await stats("2026-03-04", "2026-03-17", "qrcode", `&channel=${encodeURIComponent("地铁")}`),
    { rows: { 码一: midWeek.码一, 码三: midWeek.码三 }, totals: [8, 3, 5, 2, 4, 2, 1] },
    `${when}: one channel's codes`,
  );
  assert.deepEqual(
    await stats("2026-03-04", "2026-03-17", "channel", `&campaign=${encodeURIComponent("元宵")}`),
    { rows: { 地铁: midWeek.码一, 商场: midWeek.码二 }, totals: [9, 3, 6, 2, 4, 2, 2] },
    `${when}: one campaign's channels`,
  );
  // Two whole weeks (read from the weeks alone), and a range from a Sunday that takes in D's follow.
  assert.deepEqual(
    await stats("2026-03-09", "2026-03-22", "qrcode"),
    { rows: midWeek, totals: midWeekTotals },
    `${when}: two whole weeks`,
  );
  assert.deepEqual(
    await stats("2026-03-01", "2026-03-17", "qrcode"),
    { rows: { ...midWeek, 码三: [1, 1, 1, 1, 1, 1, 0] }, totals: [10, 4, 7, 3, 5, 3, 2] },
    `${when}: from a Sunday`,
  );
  assert.deepEqual(await stats("2026-03-18", "2026-03-22", "qrcode"), { rows: {}, totals: NOTHING }, `${when}: nothing after`);

  // The series: people distinct per day and per hour.
  const series = async (params: string) => {
    const res = await api(app.baseUrl, analyst, `/api/stats/series?accountId=${keys.id}&${params}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Object.fromEntries((res.body.points as (Counts & { bucket: string })[]).map((p) => [p.bucket, pinned(p)]));
  };
  assert.deepEqual(
    await series(`from=2026-03-13&to=2026-03-17&interval=day&qrCodeId=${codes.one}`),
    {
      "2026-03-13": [2, 1, 2, 1, 1, 1, 1],
      "2026-03-14": [1, 1, 0, 0, 0, 0, 0],
      "2026-03-15": [0, 0, 0, 0, 1, 1, -1],
      "2026-03-16": [3, 3, 2, 2, 0, 0, 2],
      "2026-03-17": [1, 1, 1, 1, 1, 1, 0],
    },
    `${when}: code 1 by day`,
  );
  const hours = await series("from=2026-03-13&to=2026-03-13&interval=hour");
  assert.deepEqual(hours["2026-03-13T10:00"], [2, 1, 2, 1, 1, 1, 1], `${when}: follow, unfollow, follow in one hour`);
  assert.deepEqual(hours["2026-03-13T12:00"], [0, 0, 0, 0, 1, 1, -1], `${when}: D's unfollow`);
  assert.equal(Object.values(hours).filter((h) => h.some((n) => n !== 0)).length, 2, `${when}: other hours empty`);
}

test("new followers and unfollowers count people, new follows and unfollows events, for every range and grouping", async () => {
  await assertPinned("folded");
});

test("a rebuild from the event log gives the rows the fold kept, and the same answers", async () => {
  const { foldPending } = await import("@/lib/db/stats-fold");
  await foldPending();
  const rows = async () => {
    const out: Record<string, unknown[]> = {};
    for (const [table, bucket] of [
      ["stats_days", "day"],
      ["stats_weeks", "week"],
      ["stats_hours", "hour"],
    ]) {
      const arrays =
        table === "stats_hours"
          ? ""
          : `, ${["returns", "follow_returns", "unfollow_returns"].map((a) => `ARRAY(SELECT stats_at(${a}, i) FROM generate_series(1, 40) AS i) AS ${a}`).join(", ")}`;
      out[table] = await query(
        app.databaseUrl,
        `SELECT slice, key1, key2, ${bucket}::text AS bucket, scans, scanners, new_follows, followers, unfollows, unfollowers${arrays}
           FROM ${table} WHERE account_id = $1 ORDER BY 1, 2, 3, 4`,
        [keys.id],
      );
    }
    return out;
  };
  const folded = await rows();
  assert.ok((folded.stats_weeks as { follow_returns: number[] }[]).some((r) => r.follow_returns.some((n) => n > 0)));
  const { rebuildStatistics } = await import("@/lib/db/stats-rebuild");
  await rebuildStatistics(keys.id);
  assert.deepEqual(await rows(), folded);
  await assertPinned("rebuilt");
});
