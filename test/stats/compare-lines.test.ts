import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { seedActiveCode } from "../helpers/seed";
import { startApp, type RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import type { AccountKeys } from "@/lib/wechat";

// Rows side by side (GET /api/stats/series?groupBy&keys): known traffic through the real webhook
// for three codes in two channels, each line read against the single series of that row alone.

let app: RunningApp;
let analyst = "";
type Keys = AccountKeys & { id: number; originalId: string };
const shanghai: Keys = {
  appId: "wx_lines_sh",
  token: "token_sh",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_lines",
};
const other: Keys = {
  appId: "wx_lines_other",
  token: "token_o",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_other",
};
const codes = { subwayA: 0, subwayB: 0, mall: 0, otherCode: 0 };
/** Rows' keys as GET /api/stats gives them. */
const keys = { subway: "", mall: "", lantern: "", otherChannel: "" };
const range = "from=2026-04-10&to=2026-04-12";
const e = encodeURIComponent;

const shanghaiTime = (local: string) => Date.parse(`${local.replace(" ", "T")}+08:00`) / 1000;

type Point = { bucket: string; start: string } & Record<string, number | string>;
type Line = { key: string; label: string; points: Point[] };

const get = (path: string, accountId = shanghai.id) => api(app.baseUrl, analyst, `${path}&accountId=${accountId}`);
const lines = (params: string) => get(`/api/stats/series?${params}`);
const single = async (params: string) => {
  const res = await get(`/api/stats/series?${params}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.lines, undefined, "one line without keys");
  return res.body.points as Point[];
};
const rowsOf = async (params: string, accountId = shanghai.id) => {
  const res = await get(`/api/stats?${params}`, accountId);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.rows as { key: string; label: string; scans: number; newFollows: number }[];
};

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { upsertAccount } = await import("@/lib/db/accounts");
  analyst = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  shanghai.id = (await upsertAccount({ ...shanghai, name: "上海号", appSecret: "s" })).id;
  other.id = (await upsertAccount({ ...other, name: "Other account", appSecret: "s" })).id;
  const code = (accountId: number, channel: string, campaign: string | null, name: string, sceneStr: string) =>
    seedActiveCode({ accountId, channel, campaign, name, sceneStr });
  codes.subwayA = await code(shanghai.id, "地铁", "元宵", "地铁 A 口", "lines-a");
  codes.subwayB = await code(shanghai.id, "地铁", null, "地铁 B 口", "lines-b");
  codes.mall = await code(shanghai.id, "商场", "元宵", "商场海报", "lines-mall");
  codes.otherCode = await code(other.id, "别人的渠道", null, "别人的码", "lines-other");

  const send = async (
    keys: Keys,
    openid: string,
    event: "subscribe" | "SCAN" | "unsubscribe",
    scene: string | undefined,
    local: string,
  ) => {
    const eventKey = scene === undefined ? undefined : event === "subscribe" ? `qrscene_${scene}` : scene;
    const res = await push(app.baseUrl, keys, {
      openid,
      event,
      eventKey,
      ticket: scene && `t-${scene}`,
      createTime: shanghaiTime(local),
    });
    assert.equal(res.status, 200, res.text);
  };
  // The 10th: A twice (one person), mall once. The 11th: B, A, an unfollow of A's follower. The 12th: nothing.
  await send(shanghai, "o_1", "subscribe", "lines-a", "2026-04-10 09:05:00");
  await send(shanghai, "o_1", "SCAN", "lines-a", "2026-04-10 09:40:00");
  await send(shanghai, "o_2", "subscribe", "lines-mall", "2026-04-10 23:59:00");
  await send(shanghai, "o_3", "subscribe", "lines-b", "2026-04-11 00:01:00");
  await send(shanghai, "o_4", "subscribe", "lines-a", "2026-04-11 08:30:00");
  await send(shanghai, "o_3", "SCAN", "lines-b", "2026-04-11 08:45:00");
  await send(shanghai, "o_1", "unsubscribe", undefined, "2026-04-11 12:00:00");
  await send(other, "o_9", "subscribe", "lines-other", "2026-04-11 10:00:00");

  const channels = await rowsOf(`${range}&groupBy=channel`);
  keys.subway = channels.find((r) => r.label === "地铁")!.key;
  keys.mall = channels.find((r) => r.label === "商场")!.key;
  keys.lantern = (await rowsOf(`${range}&groupBy=campaign`)).find((r) => r.label === "元宵")!.key;
  keys.otherChannel = (await rowsOf(`${range}&groupBy=channel`, other.id))[0].key;
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

/** Asks for the lines and checks each against the single series of its row's filter; returns the lines. */
async function eachLineIsItsSeries(params: string, alone: [key: string | number, params: string][]): Promise<Line[]> {
  const res = await lines(params);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const got = res.body.lines as Line[];
  assert.deepEqual(
    got.map((l) => l.key),
    alone.map(([key]) => String(key)),
    "a line per key, in the order asked",
  );
  const base = new URLSearchParams(params);
  for (const [i, line] of got.entries()) {
    const own = new URLSearchParams(alone[i][1]);
    for (const name of ["from", "to", "interval"]) if (base.has(name)) own.set(name, base.get(name)!);
    assert.deepEqual(line.points, await single(own.toString()), `${params}: line ${line.key} (${line.label})`);
  }
  return got;
}

test("by code, by day and by hour: each line is that code's own series, every bucket present", async () => {
  const order = [codes.mall, codes.subwayA, codes.subwayB];
  const byCode = order.map((id): [number, string] => [id, `${range}&qrCodeId=${id}`]);
  const keyList = order.join(",");
  const days = await eachLineIsItsSeries(`${range}&groupBy=qrcode&keys=${keyList}`, byCode);
  assert.deepEqual(
    days.map((l) => l.points.map((p) => p.bucket)),
    days.map(() => ["2026-04-10", "2026-04-11", "2026-04-12"]),
  );
  const a = days.find((l) => l.key === String(codes.subwayA))!;
  assert.equal(a.label, "地铁 A 口");
  assert.deepEqual(
    a.points.map((p) => [p.scans, p.uniqueScanners, p.newFollows, p.unfollows, p.netFollows]),
    [
      [2, 1, 1, 0, 1],
      [1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ],
  );
  // the lines add up to the rows of GET /api/stats (events; people are per bucket)
  const rows = await rowsOf(`${range}&groupBy=qrcode`);
  for (const line of days) {
    const row = rows.find((r) => r.key === line.key)!;
    assert.equal(line.label, row.label);
    for (const metric of ["scans", "newFollows"] as const)
      assert.equal(
        line.points.reduce((sum, p) => sum + Number(p[metric]), 0),
        row[metric],
        `${line.label} ${metric}`,
      );
  }

  const hours = await eachLineIsItsSeries(
    `from=2026-04-11&to=2026-04-11&interval=hour&groupBy=qrcode&keys=${keyList}`,
    order.map((id) => [id, `qrCodeId=${id}`]),
  );
  assert.ok(hours.every((l) => l.points.length === 24));
  const b = hours.find((l) => l.key === String(codes.subwayB))!;
  assert.deepEqual(
    b.points.filter((p) => Number(p.scans) > 0).map((p) => [p.bucket, p.scans]),
    [
      ["2026-04-11T00:00", 1],
      ["2026-04-11T08:00", 1],
    ],
  );

  // the order is the caller's, not the table's
  const reversed = await lines(`${range}&groupBy=qrcode&keys=${codes.subwayB},${codes.subwayA}`);
  assert.deepEqual(
    reversed.body.lines.map((l: Line) => l.label),
    ["地铁 B 口", "地铁 A 口"],
  );
  assert.deepEqual(
    { groupBy: reversed.body.groupBy, interval: reversed.body.interval, timeZone: reversed.body.timeZone },
    { groupBy: "qrcode", interval: "day", timeZone: "Asia/Shanghai" },
  );
});

test("by channel and by campaign, the 'no campaign' row included, with and without a drill-down filter", async () => {
  const channels = await eachLineIsItsSeries(`${range}&groupBy=channel&keys=${keys.subway},${keys.mall}`, [
    [keys.subway, `${range}&channel=${e("地铁")}`],
    [keys.mall, `${range}&channel=${e("商场")}`],
  ]);
  assert.deepEqual(
    channels.map((l) => [l.label, l.points.map((p) => p.scans)]),
    [
      ["地铁", [2, 3, 0]],
      ["商场", [1, 0, 0]],
    ],
  );
  // groupBy defaults to channel, as on GET /api/stats
  assert.deepEqual((await lines(`${range}&keys=${keys.subway},${keys.mall}`)).body.lines, channels);

  // "no campaign" (key "") is the code without one
  const campaigns = await eachLineIsItsSeries(`${range}&groupBy=campaign&keys=,${keys.lantern}`, [
    ["", `${range}&qrCodeId=${codes.subwayB}`],
    [keys.lantern, `${range}&campaign=${e("元宵")}`],
  ]);
  assert.deepEqual(
    campaigns.map((l) => l.label),
    ["", "元宵"],
  );

  // within a channel: the rows GET /api/stats shows there, each as the series of channel and row
  const subway = `channel=${e("地铁")}`;
  await eachLineIsItsSeries(`${range}&${subway}&groupBy=campaign&keys=${keys.lantern},`, [
    [keys.lantern, `${range}&${subway}&campaign=${e("元宵")}`],
    ["", `${range}&qrCodeId=${codes.subwayB}`],
  ]);
  await eachLineIsItsSeries(`${range}&${subway}&groupBy=qrcode&keys=${codes.subwayB},${codes.subwayA}`, [
    [codes.subwayB, `${range}&qrCodeId=${codes.subwayB}`],
    [codes.subwayA, `${range}&qrCodeId=${codes.subwayA}`],
  ]);
  // a code outside the filter is the account's, so it is answered, and counts nothing here
  const outside = await lines(`${range}&${subway}&groupBy=qrcode&keys=${codes.subwayA},${codes.mall}`);
  assert.equal(outside.status, 200, JSON.stringify(outside.body));
  assert.ok(outside.body.lines[1].points.every((p: Point) => p.scans === 0 && p.newFollows === 0));
  assert.deepEqual(outside.body.filter, { channel: "地铁" });
});

test("the single series answers as before", async () => {
  const res = await get(`/api/stats/series?${range}`);
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), ["filter", "from", "interval", "points", "timeZone", "to"]);
  assert.deepEqual(
    res.body.points.map((p: Point) => p.scans),
    [3, 3, 0],
  );
});

test("keys: fewer than 2, more than 5, twice, malformed, unknown or another account's: a 400 naming keys", async () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => 1_000_000 + i).join(",");
  const cases: [string, string, RegExp][] = [
    [`groupBy=qrcode&keys=${codes.subwayA}`, "invalid_input", /from 2 to 5 keys/],
    ["groupBy=qrcode&keys=", "invalid_input", /from 2 to 5 keys|key/],
    [`groupBy=qrcode&keys=${many(6)}`, "invalid_input", /from 2 to 5 keys/],
    [`groupBy=qrcode&keys=${codes.subwayA},${codes.subwayA}`, "invalid_input", /twice/],
    [`groupBy=qrcode&keys=${codes.subwayA},abc`, "invalid_input", /row's key/],
    [`groupBy=qrcode&keys=${codes.subwayA},0`, "invalid_input", /row's key/],
    [`groupBy=qrcode&keys=${codes.subwayA},-1`, "invalid_input", /row's key/],
    [`groupBy=qrcode&keys=${codes.subwayA},2147483648`, "invalid_input", /row's key/],
    [`groupBy=qrcode&keys=${codes.subwayA},${e(" 1")}`, "invalid_input", /row's key/],
    [`groupBy=channel&keys=${keys.subway},`, "invalid_input", /no campaign/],
    [`groupBy=qrcode&keys=${codes.subwayA},999999`, "unknown_key", /999999 names no QR code of this account/],
    [`groupBy=qrcode&keys=${codes.subwayA},${codes.otherCode}`, "unknown_key", new RegExp(`${codes.otherCode} names no QR code`)],
    [`groupBy=channel&keys=${keys.subway},${keys.otherChannel}`, "unknown_key", /names no channel of this account/],
    [`groupBy=campaign&keys=${keys.lantern},999998,999997`, "unknown_key", /999998, 999997 name no campaign/],
  ];
  for (const [params, code, message] of cases) {
    const res = await lines(`${range}&${params}`);
    assert.equal(res.status, 400, `${params}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.field, "keys", params);
    assert.equal(res.body.error.code, code, params);
    assert.match(res.body.error.message, message, params);
  }
  // five is allowed; a bad groupBy is refused like GET /api/stats refuses it
  const five = await lines(`${range}&groupBy=qrcode&keys=${[codes.subwayA, codes.subwayB, codes.mall].join(",")},999991,999992`);
  assert.equal(five.status, 400, "five keys pass the count; the unknown ones are refused");
  assert.match(five.body.error.message, /^keys: 999991, 999992/);
  const bad = await lines(`${range}&groupBy=code&keys=${codes.subwayA},${codes.subwayB}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "groupBy");
});
