import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import type { AccountKeys } from "@/lib/wechat";

// Events pushed through the real webhook at known local times (Asia/Shanghai, UTC+8) on two days,
// one just before and one just after local midnight, and read back per day and per hour.

let app: RunningApp;
let analyst = "";
const shanghai: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_stats_sh",
  token: "token_sh",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_stats_sh",
};
const utc: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_stats_utc",
  token: "token_utc",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_stats_utc",
};
const codes = { subwayA: 0, subwayB: 0, mall: 0 };

/** Unix seconds of a wall-clock time in Shanghai. */
const shanghaiTime = (local: string) => Date.parse(`${local.replace(" ", "T")}+08:00`) / 1000;

type Point = {
  bucket: string;
  start: string;
  scans: number;
  uniqueScanners: number;
  newFollows: number;
  unfollows: number;
  netFollows: number;
};
const zero = { scans: 0, uniqueScanners: 0, newFollows: 0, unfollows: 0, netFollows: 0 };
const counts = (p: Point) => ({
  scans: p.scans,
  uniqueScanners: p.uniqueScanners,
  newFollows: p.newFollows,
  unfollows: p.unfollows,
  netFollows: p.netFollows,
});

async function series(params: string, token = analyst) {
  return api(app.baseUrl, token, `/api/stats/series?accountId=${shanghai.id}&${params}`);
}

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { upsertAccount } = await import("@/lib/db/accounts");
  analyst = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  shanghai.id = (await upsertAccount({ ...shanghai, name: "上海号", appSecret: "s" })).id;
  utc.id = (await upsertAccount({ ...utc, name: "UTC account", appSecret: "s", timeZone: "UTC" })).id;

  const code = (accountId: number, channel: string, campaign: string | null, name: string, sceneStr: string) =>
    seedActiveCode({ accountId, channel, campaign, name, sceneStr });
  codes.subwayA = await code(shanghai.id, "地铁", "元宵", "地铁 A 口", "subway-a");
  codes.subwayB = await code(shanghai.id, "地铁", null, "地铁 B 口", "subway-b");
  codes.mall = await code(shanghai.id, "商场", "元宵", "商场海报", "mall");
  await code(utc.id, "地铁", null, "UTC code", "subway-a");

  const send = async (
    keys: typeof shanghai,
    openid: string,
    event: "subscribe" | "SCAN" | "unsubscribe",
    scene: string | undefined,
    createTime: number,
  ) => {
    const eventKey = scene === undefined ? undefined : event === "subscribe" ? `qrscene_${scene}` : scene;
    const res = await push(app.baseUrl, keys, { openid, event, eventKey, ticket: scene && `t-${scene}`, createTime });
    assert.equal(res.status, 200, res.text);
    return res;
  };
  await send(shanghai, "o_1", "subscribe", "subway-a", shanghaiTime("2026-03-14 07:59:00")); // 2026-03-13 in UTC
  const beforeMidnight = shanghaiTime("2026-03-14 23:59:59");
  await send(shanghai, "o_1", "SCAN", "subway-a", beforeMidnight);
  await send(shanghai, "o_1", "SCAN", "subway-a", beforeMidnight); // WeChat's retry: recorded once
  await send(shanghai, "o_2", "subscribe", "subway-b", shanghaiTime("2026-03-15 00:00:01")); // 2026-03-14 in UTC
  await send(shanghai, "o_2", "SCAN", "subway-b", shanghaiTime("2026-03-15 00:20:00"));
  await send(shanghai, "o_1", "unsubscribe", undefined, shanghaiTime("2026-03-15 10:15:00")); // counted against subway-a
  await send(shanghai, "o_3", "subscribe", "mall", shanghaiTime("2026-03-15 10:40:00"));
  await send(shanghai, "o_3", "SCAN", "mall", shanghaiTime("2026-03-15 10:50:00"));
  await send(shanghai, "o_4", "subscribe", undefined, shanghaiTime("2026-03-15 11:00:00")); // a plain follow: no code, not counted
  await send(shanghai, "o_2", "SCAN", "subway-b", shanghaiTime("2026-03-17 12:00:00")); // outside the ranges below
  await send(utc, "o_9", "subscribe", "subway-a", shanghaiTime("2026-03-15 00:00:01"));
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

test("day buckets: every day present and zero-filled, days cut at the account's local midnight", async () => {
  const res = await series("from=2026-03-13&to=2026-03-16&interval=day");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.timeZone, "Asia/Shanghai");
  assert.deepEqual(
    res.body.points.map((p: Point) => p.bucket),
    ["2026-03-13", "2026-03-14", "2026-03-15", "2026-03-16"],
  );
  const [d13, d14, d15, d16] = res.body.points as Point[];
  assert.equal(d14.start, "2026-03-13T16:00:00.000Z", "a bucket starts at local midnight");
  assert.deepEqual(counts(d13), zero, "07:59 local on the 14th is not the 13th");
  assert.deepEqual(counts(d14), { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 0, netFollows: 1 });
  assert.deepEqual(counts(d15), { scans: 4, uniqueScanners: 2, newFollows: 2, unfollows: 1, netFollows: 1 });
  assert.deepEqual(counts(d16), zero);

  // the series adds up to GET /api/stats over the same range (unique scanners aside: they are per bucket)
  const stats = await api(app.baseUrl, analyst, `/api/stats?accountId=${shanghai.id}&from=2026-03-13&to=2026-03-16`);
  assert.equal(stats.status, 200);
  assert.deepEqual(stats.body.totals, {
    scans: 6,
    uniqueScanners: 3,
    newFollows: 3,
    newFollowers: 3,
    unfollows: 1,
    unfollowers: 1,
    netFollows: 2,
  });
  for (const metric of ["scans", "newFollows", "unfollows", "netFollows"] as const)
    assert.equal(
      (res.body.points as Point[]).reduce((sum, p) => sum + p[metric], 0),
      stats.body.totals[metric],
      metric,
    );

  // interval defaults to day
  const implicit = await series("from=2026-03-14&to=2026-03-15");
  assert.deepEqual(
    implicit.body.points.map((p: Point) => p.bucket),
    ["2026-03-14", "2026-03-15"],
  );
});

test("hour buckets: 24 per day, labelled in local time, each metric in its hour", async () => {
  const res = await series("from=2026-03-15&to=2026-03-15&interval=hour");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const points = res.body.points as Point[];
  assert.equal(points.length, 24);
  assert.equal(points[0].bucket, "2026-03-15T00:00");
  assert.equal(points[0].start, "2026-03-14T16:00:00.000Z");
  assert.equal(points[23].bucket, "2026-03-15T23:00");
  const byHour = Object.fromEntries(points.map((p) => [p.bucket.slice(11, 13), counts(p)]));
  assert.deepEqual(
    byHour["00"],
    { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 0, netFollows: 1 },
    "just after midnight",
  );
  assert.deepEqual(byHour["10"], { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 1, netFollows: 0 });
  assert.deepEqual(byHour["11"], zero, "a follow without a code is not a scan");
  for (const [hour, c] of Object.entries(byHour)) if (hour !== "00" && hour !== "10") assert.deepEqual(c, zero, `hour ${hour}`);

  const previousDay = await series("from=2026-03-14&to=2026-03-14&interval=hour");
  const busy = (previousDay.body.points as Point[]).filter((p) => p.scans > 0).map((p) => p.bucket);
  assert.deepEqual(busy, ["2026-03-14T07:00", "2026-03-14T23:00"], "23:59:59 stays on the 14th");

  const twoDays = await series("from=2026-03-14&to=2026-03-15&interval=hour");
  assert.equal(twoDays.body.points.length, 48);
});

test("days follow the account's own time zone", async () => {
  const res = await api(app.baseUrl, analyst, `/api/stats/series?accountId=${utc.id}&from=2026-03-14&to=2026-03-15`);
  assert.equal(res.status, 200);
  assert.equal(res.body.timeZone, "UTC");
  assert.deepEqual(
    res.body.points.map((p: Point) => [p.bucket, p.newFollows]),
    [
      ["2026-03-14", 1],
      ["2026-03-15", 0],
    ],
  );
  // without accountId: the first account (the sandbox one), which saw nothing
  const first = await api(app.baseUrl, analyst, "/api/stats/series?from=2026-03-14&to=2026-03-15");
  assert.equal(first.status, 200);
  assert.ok(first.body.points.every((p: Point) => p.scans === 0 && p.newFollows === 0));
});

test("drill-down filters: by channel, campaign and code, in the series and in GET /api/stats", async () => {
  const subway = await series(`from=2026-03-14&to=2026-03-15&channel=${encodeURIComponent("地铁")}`);
  assert.equal(subway.status, 200, JSON.stringify(subway.body));
  assert.deepEqual(subway.body.points.map(counts), [
    { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 0, netFollows: 1 },
    { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 1, netFollows: 0 },
  ]);
  const mall = await series(`from=2026-03-14&to=2026-03-15&channel=${encodeURIComponent("商场")}`);
  assert.deepEqual(mall.body.points.map(counts), [
    zero,
    { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 0, netFollows: 1 },
  ]);
  const lantern = await series(`from=2026-03-14&to=2026-03-15&campaign=${encodeURIComponent("元宵")}`);
  assert.deepEqual(
    lantern.body.points.map((p: Point) => p.scans),
    [2, 2],
  );
  assert.deepEqual(
    lantern.body.points.map((p: Point) => p.unfollows),
    [0, 1],
  );
  const oneCode = await series(`from=2026-03-14&to=2026-03-15&qrCodeId=${codes.subwayB}`);
  assert.deepEqual(oneCode.body.points.map(counts), [
    zero,
    { scans: 2, uniqueScanners: 1, newFollows: 1, unfollows: 0, netFollows: 1 },
  ]);
  const nobody = await series(`from=2026-03-14&to=2026-03-15&channel=nowhere`);
  assert.deepEqual(nobody.body.points.map(counts), [zero, zero]);

  const codesInSubway = await api(
    app.baseUrl,
    analyst,
    `/api/stats?accountId=${shanghai.id}&from=2026-03-14&to=2026-03-15&groupBy=qrcode&channel=${encodeURIComponent("地铁")}`,
  );
  assert.equal(codesInSubway.status, 200, JSON.stringify(codesInSubway.body));
  const rows = Object.fromEntries(codesInSubway.body.rows.map((r: { label: string }) => [r.label, r]));
  assert.deepEqual(Object.keys(rows).sort(), ["地铁 A 口", "地铁 B 口"]);
  assert.deepEqual(rows["地铁 A 口"], {
    key: String(codes.subwayA),
    label: "地铁 A 口",
    scans: 2,
    uniqueScanners: 1,
    newFollows: 1,
    newFollowers: 1,
    unfollows: 1,
    unfollowers: 1,
    netFollows: 0,
  });
  assert.deepEqual(rows["地铁 B 口"], {
    key: String(codes.subwayB),
    label: "地铁 B 口",
    scans: 2,
    uniqueScanners: 1,
    newFollows: 1,
    newFollowers: 1,
    unfollows: 0,
    unfollowers: 0,
    netFollows: 1,
  });
  assert.deepEqual(codesInSubway.body.totals, {
    scans: 4,
    uniqueScanners: 2,
    newFollows: 2,
    newFollowers: 2,
    unfollows: 1,
    unfollowers: 1,
    netFollows: 1,
  });
  assert.deepEqual(codesInSubway.body.filter, { channel: "地铁" });

  const oneCodeStats = await api(
    app.baseUrl,
    analyst,
    `/api/stats?accountId=${shanghai.id}&from=2026-03-14&to=2026-03-15&groupBy=channel&qrCodeId=${codes.mall}`,
  );
  assert.deepEqual(
    oneCodeStats.body.rows.map((r: { label: string; scans: number }) => [r.label, r.scans]),
    [["商场", 2]],
  );

  const csv = await api(
    app.baseUrl,
    analyst,
    `/api/stats?accountId=${shanghai.id}&from=2026-03-14&to=2026-03-15&groupBy=qrcode&channel=${encodeURIComponent("地铁")}&format=csv&lang=en`,
  );
  assert.equal(csv.status, 200);
  assert.match(csv.body, /地铁 A 口,\d+,subway-a,地铁,元宵,2,1,1,1,1,1,0,/);
  assert.doesNotMatch(csv.body, /商场海报/);
  assert.match(csv.body, /Total,,,,,4,2,2,2,1,1,1,/);
});

test("compare=previous: the answer also carries the range of equal length just before, as that range reads on its own", async () => {
  const stats = (query: string) => api(app.baseUrl, analyst, `/api/stats?accountId=${shanghai.id}&${query}`);
  for (const [query, before] of [
    ["from=2026-03-15&to=2026-03-15&groupBy=qrcode", "from=2026-03-14&to=2026-03-14&groupBy=qrcode"],
    ["from=2026-03-16&to=2026-03-17&groupBy=channel", "from=2026-03-14&to=2026-03-15&groupBy=channel"],
    [
      `from=2026-03-15&to=2026-03-15&groupBy=qrcode&channel=${encodeURIComponent("地铁")}`,
      `from=2026-03-14&to=2026-03-14&groupBy=qrcode&channel=${encodeURIComponent("地铁")}`,
    ],
  ]) {
    const [compared, plain, previous] = await Promise.all([stats(`${query}&compare=previous`), stats(query), stats(before)]);
    assert.equal(compared.status, 200, JSON.stringify(compared.body));
    const { previous: got, ...now } = compared.body;
    assert.deepEqual(now, plain.body, "the range itself reads as without the comparison");
    const expected = new URLSearchParams(before);
    assert.deepEqual([got.from, got.to], [expected.get("from"), expected.get("to")]);
    assert.deepEqual({ rows: got.rows, totals: got.totals }, { rows: previous.body.rows, totals: previous.body.totals });
  }
  // The 14th had scans, so this is not a comparison of zeros with zeros.
  const day = await stats("from=2026-03-15&to=2026-03-15&compare=previous");
  assert.ok(day.body.previous.totals.scans > 0 && day.body.totals.scans > 0);
  assert.equal((await stats("from=2026-03-15&to=2026-03-15")).body.previous, undefined, "no comparison unless asked");
  const bad = await stats("from=2026-03-15&to=2026-03-15&compare=last-year");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "compare");
});

test("bad interval, range or filter is a 400 naming the field; no token is a 401", async () => {
  const cases: [string, string][] = [
    ["from=2026-03-14&to=2026-03-15&interval=week", "interval"],
    ["from=2026-03-15&to=2026-03-14", "to"],
    ["from=2025-01-01&to=2026-03-15", "to"],
    ["from=2026-01-01&to=2026-03-15&interval=hour", "interval"],
    ["from=2026-02-30&to=2026-03-15", "from"],
    ["from=2026-03-14", "to"],
    ["from=2026-03-14&to=2026-03-15&qrCodeId=abc", "qrCodeId"],
    ["from=2026-03-14&to=2026-03-15&channel=", "channel"],
  ];
  for (const [params, field] of cases) {
    const res = await series(params);
    assert.equal(res.status, 400, params);
    assert.equal(res.body.error.code, "invalid_input", params);
    assert.equal(res.body.error.field, field, params);
  }
  // the limits' edges are accepted
  assert.equal((await series("from=2025-03-14&to=2026-03-15")).status, 200, "366 days after from");
  assert.equal((await series("from=2026-02-13&to=2026-03-15&interval=hour")).status, 200, "31 days of hours");
  assert.equal((await api(app.baseUrl, analyst, `/api/stats?from=2026-03-14&to=2026-03-15&qrCodeId=0`)).status, 400);

  const anonymous = await fetch(`${app.baseUrl}/api/stats/series?from=2026-03-14&to=2026-03-15`);
  assert.equal(anonymous.status, 401);
});
