import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import type { AccountKeys } from "@/lib/wechat";
import type { Retention } from "@/lib/stats/retention";

// Retention (SPEC §4), pinned by a scripted story sent through the real webhook (Asia/Shanghai).
// Codes: 码一 (地铁, 元宵), 码二 (商场, 元宵), 码三 (地铁, no campaign).
//   05-01  B follows via 码二 09:00, never leaves.
//          A follows via 码一 10:00, leaves 10:10 (10 min); follows via 码一 12:00, leaves 05-04 12:00 (3 days).
//          D follows without a code and leaves the next day: no code, not counted.
//   05-02  C follows via 码一 08:00, leaves 05-20 08:00 (18 days).
//          F follows via 码二 10:00, leaves 06-15 10:00 (44 days).
//          E follows via 码三 20:00, leaves 21:00 (1 hour); follows without a code 05-03 and leaves
//          05-04: that unfollow ends the plain follow, not E's follow through 码三.
//   05-03  G's unfollow (10:00) reaches us before G's follow via 码二 (09:00): 1 hour, counted when the follow is.
//          H follows via 码一 10:00 and leaves 10:02 (2 minutes), both folded together.
// Every number below is worked out by hand from that story.

let app: RunningApp;
let analyst = "";
const keys: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_retention",
  token: "token_retention",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_retention",
};
let codeOne = 0;
let codeThree = 0;

const shanghaiTime = (local: string) => Date.parse(`${local.replace(" ", "T")}+08:00`) / 1000;
const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

type Send = (openid: string, event: "subscribe" | "unsubscribe", scene: string | null, local: string | number) => Promise<void>;
let send: Send;

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { upsertAccount } = await import("@/lib/db/accounts");
  analyst = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  keys.id = (await upsertAccount({ ...keys, name: "留存", appSecret: "s" })).id;
  const { foldPending } = await import("@/lib/db/stats-fold");
  codeOne = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: "元宵", name: "码一", sceneStr: "r1" });
  await seedActiveCode({ accountId: keys.id, channel: "商场", campaign: "元宵", name: "码二", sceneStr: "r2" });
  codeThree = await seedActiveCode({ accountId: keys.id, channel: "地铁", campaign: null, name: "码三", sceneStr: "r3" });

  const push1 = async (openid: string, event: "subscribe" | "unsubscribe", scene: string | null, local: string | number) => {
    const res = await push(app.baseUrl, keys, {
      openid,
      event,
      eventKey: scene === null ? undefined : `qrscene_${scene}`,
      ticket: scene ?? undefined,
      createTime: typeof local === "number" ? local : shanghaiTime(local),
    });
    assert.equal(res.status, 200, res.text);
  };
  send = async (...args) => {
    await push1(...args);
    await foldPending(); // each event folded on its own, onto what is already counted
  };
  await send("o_B", "subscribe", "r2", "2026-05-01 09:00:00");
  await send("o_A", "subscribe", "r1", "2026-05-01 10:00:00");
  await send("o_A", "unsubscribe", null, "2026-05-01 10:10:00");
  await send("o_D", "subscribe", null, "2026-05-01 11:00:00");
  await send("o_A", "subscribe", "r1", "2026-05-01 12:00:00");
  await send("o_C", "subscribe", "r1", "2026-05-02 08:00:00");
  await send("o_F", "subscribe", "r2", "2026-05-02 10:00:00");
  await send("o_D", "unsubscribe", null, "2026-05-02 11:00:00");
  await send("o_E", "subscribe", "r3", "2026-05-02 20:00:00");
  await send("o_E", "unsubscribe", null, "2026-05-02 21:00:00");
  await send("o_E", "subscribe", null, "2026-05-03 08:00:00");
  await send("o_G", "unsubscribe", null, "2026-05-03 10:00:00");
  await send("o_G", "subscribe", "r2", "2026-05-03 09:00:00");
  await push1("o_H", "subscribe", "r1", "2026-05-03 10:00:00");
  await push1("o_H", "unsubscribe", null, "2026-05-03 10:02:00");
  await foldPending();
  await send("o_A", "unsubscribe", null, "2026-05-04 12:00:00");
  await send("o_E", "unsubscribe", null, "2026-05-04 12:00:00");
  await send("o_C", "unsubscribe", null, "2026-05-20 08:00:00");
  await send("o_F", "unsubscribe", null, "2026-06-15 10:00:00");
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

/** A retention as [follows, ended, [stayed, of] after 1, 7 and 30 days, median span [from, to)]. */
type Pinned = [number, number, [number, number][], [number, number | null] | null];
const pinned = (r: Retention): Pinned => [
  r.follows,
  r.ended,
  r.kept.map((k) => {
    assert.equal(k.share, k.follows === 0 ? null : k.stayed / k.follows, "a share is stayed ÷ follows");
    return [k.stayed, k.follows];
  }),
  r.medianToUnfollow && [r.medianToUnfollow.from, r.medianToUnfollow.to],
];

async function retention(from: string, to: string, groupBy: "qrcode" | "channel" | "campaign", filter = "") {
  const res = await api(
    app.baseUrl,
    analyst,
    `/api/stats/retention?accountId=${keys.id}&from=${from}&to=${to}&groupBy=${groupBy}${filter}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as {
    rows: (Retention & { label: string })[];
    totals: Retention;
    cohorts: (Retention & { day: string })[];
    curve: { after: number; follows: number; stayed: number; share: number | null }[];
    timeZone: string;
  };
}

const byLabel = (rows: (Retention & { label: string })[]) => Object.fromEntries(rows.map((r) => [r.label, pinned(r)]));

async function assertPinned(when: string) {
  const all = await retention("2026-05-01", "2026-05-03", "channel");
  assert.equal(all.timeZone, "Asia/Shanghai");
  // 8 follows through codes; ended: H 2 min, A 10 min, E 1 h, G 1 h, A 3 d, C 18 d, F 44 d. The 4th of 7 is an hour.
  assert.deepEqual(
    pinned(all.totals),
    [
      8,
      7,
      [
        [4, 8],
        [3, 8],
        [2, 8],
      ],
      [HOUR, 3 * HOUR],
    ],
    `${when}: totals`,
  );
  assert.deepEqual(
    all.cohorts.map((c) => [c.day, ...pinned(c)]),
    [
      [
        "2026-05-01",
        3,
        2,
        [
          [2, 3],
          [1, 3],
          [1, 3],
        ],
        [5 * MIN, 15 * MIN],
      ],
      [
        "2026-05-02",
        3,
        3,
        [
          [2, 3],
          [2, 3],
          [1, 3],
        ],
        [14 * DAY, 30 * DAY],
      ],
      [
        "2026-05-03",
        2,
        2,
        [
          [0, 2],
          [0, 2],
          [0, 2],
        ],
        [0, 5 * MIN],
      ],
    ],
    `${when}: cohorts`,
  );
  assert.deepEqual(
    byLabel(all.rows),
    {
      地铁: [
        5,
        5,
        [
          [2, 5],
          [1, 5],
          [0, 5],
        ],
        [HOUR, 3 * HOUR],
      ],
      商场: [
        3,
        2,
        [
          [2, 3],
          [2, 3],
          [2, 3],
        ],
        [HOUR, 3 * HOUR],
      ],
    },
    `${when}: by channel`,
  );
  assert.deepEqual(
    byLabel((await retention("2026-05-01", "2026-05-03", "qrcode")).rows),
    {
      码一: [
        4,
        4,
        [
          [2, 4],
          [1, 4],
          [0, 4],
        ],
        [5 * MIN, 15 * MIN],
      ],
      码二: [
        3,
        2,
        [
          [2, 3],
          [2, 3],
          [2, 3],
        ],
        [HOUR, 3 * HOUR],
      ],
      码三: [
        1,
        1,
        [
          [0, 1],
          [0, 1],
          [0, 1],
        ],
        [HOUR, 3 * HOUR],
      ],
    },
    `${when}: by code`,
  );
  assert.deepEqual(
    byLabel((await retention("2026-05-02", "2026-05-02", "campaign")).rows),
    {
      元宵: [
        2,
        2,
        [
          [2, 2],
          [2, 2],
          [1, 2],
        ],
        [14 * DAY, 30 * DAY],
      ],
      "": [
        1,
        1,
        [
          [0, 1],
          [0, 1],
          [0, 1],
        ],
        [HOUR, 3 * HOUR],
      ],
    },
    `${when}: by campaign, one day`,
  );
  // Drill-down: 地铁 within 元宵 is 码一 alone.
  const drilled = await retention("2026-05-01", "2026-05-03", "qrcode", "&channel=地铁&campaign=元宵");
  assert.deepEqual(
    pinned(drilled.totals),
    [
      4,
      4,
      [
        [2, 4],
        [1, 4],
        [0, 4],
      ],
      [5 * MIN, 15 * MIN],
    ],
    `${when}: drill-down`,
  );
  // The curve: after 5 minutes only H had left, after a day four, after 30 days six.
  const curve = Object.fromEntries(all.curve.map((p) => [p.after, [p.stayed, p.follows]]));
  assert.deepEqual(curve[5 * MIN], [7, 8], `${when}: curve at 5 min`);
  assert.deepEqual(curve[DAY], [4, 8], `${when}: curve at a day`);
  assert.deepEqual(curve[30 * DAY], [2, 8], `${when}: curve at 30 days`);
  assert.equal(all.curve.at(-1)?.after, 30 * DAY, "the curve ends at 30 days");
}

test("retention per channel, campaign and code, each follow day and the curve, as worked out by hand", async () => {
  await assertPinned("folded");
});

test("follows too recent to tell have no share yet", async () => {
  const now = Math.floor(Date.now() / 1000);
  await send("o_I", "subscribe", "r1", now - 60);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(now * 1000));
  const r = await retention(today, today, "qrcode");
  assert.deepEqual(pinned(r.totals), [
    1,
    0,
    [
      [0, 0],
      [0, 0],
      [0, 0],
    ],
    null,
  ]);
  assert.deepEqual(
    r.totals.kept.map((k) => k.share),
    [null, null, null],
  );
  assert.ok(
    r.curve.every((p) => p.follows === 0 && p.share === null),
    "a follow a minute old is on no point of the curve until its day is over",
  );
});

test("a long range reads its whole weeks as their days: one code's row equals the range's totals", async () => {
  // 码三's follows on each of the last 45 days (noon, Shanghai), some ended after 2 hours, 3 days or 12 days:
  // the weeks cut by the 1-, 7- and 30-day marks must count each day as old as it is.
  const now = Math.floor(Date.now() / 1000);
  const localDay = (at: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(at * 1000));
  for (let k = 1; k <= 45; k++) {
    const followed = shanghaiTime(`${localDay(now - k * DAY)} 12:00:00`);
    await send(`o_W${k}`, "subscribe", "r3", followed);
    const left = followed + [2 * HOUR, 3 * DAY, 12 * DAY, Number.POSITIVE_INFINITY][k % 4];
    if (left < now) await send(`o_W${k}`, "unsubscribe", null, left);
  }
  const from = localDay(now - 60 * DAY);
  const to = localDay(now - DAY);
  const r = await retention(from, to, "qrcode");
  assert.deepEqual(
    r.rows.map((row) => row.label),
    ["码三"],
  );
  assert.equal(r.totals.follows, 45);
  assert.deepEqual(pinned(r.rows[0]), pinned(r.totals));
  assert.ok(
    r.totals.kept.every((k) => k.follows > 0 && k.follows < 45),
    "each share has follows old enough and some not",
  );
});

test("a rebuild from the event log, and a recount after a code moves, give the rows the fold kept", async () => {
  const { foldPending } = await import("@/lib/db/stats-fold");
  await foldPending();
  const rows = async () => [
    ...(await query(app.databaseUrl, "SELECT * FROM stats_retention WHERE account_id = $1 ORDER BY slice, key1, key2, day", [
      keys.id,
    ])),
    ...(await query(
      app.databaseUrl,
      "SELECT * FROM stats_retention_weeks WHERE account_id = $1 ORDER BY slice, key1, key2, week",
      [keys.id],
    )),
  ];
  const folded = await rows();
  assert.ok(folded.length > 0);
  const { rebuildStatistics } = await import("@/lib/db/stats-rebuild");
  await rebuildStatistics(keys.id);
  assert.deepEqual(await rows(), folded);
  await assertPinned("rebuilt");

  // 码三 moves to 商场: its follow (E's) counts there now, as a fresh rebuild would count it.
  const admin = (await (await import("@/lib/db/api-tokens")).createApiToken({ role: "admin", name: "admin" })).token;
  const moved = await api(app.baseUrl, admin, `/api/qrcodes/${codeThree}`, {
    method: "PATCH",
    body: JSON.stringify({ channel: "商场" }),
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.deepEqual(byLabel((await retention("2026-05-01", "2026-05-03", "channel")).rows), {
    地铁: [
      4,
      4,
      [
        [2, 4],
        [1, 4],
        [0, 4],
      ],
      [5 * MIN, 15 * MIN],
    ],
    商场: [
      4,
      3,
      [
        [2, 4],
        [2, 4],
        [2, 4],
      ],
      [HOUR, 3 * HOUR],
    ],
  });
  const recounted = await rows();
  await rebuildStatistics(keys.id);
  assert.deepEqual(await rows(), recounted);
  assert.ok(codeOne > 0);
});

test("a bad question is a 400 naming the field", async () => {
  for (const [q, field] of [
    ["from=2026-05-03&to=2026-05-01", "to"],
    ["from=2026-05-01&to=2026-05-03&groupBy=week", "groupBy"],
    ["from=2026-05-01", "to"],
  ]) {
    const res = await api(app.baseUrl, analyst, `/api/stats/retention?accountId=${keys.id}&${q}`);
    assert.equal(res.status, 400, q);
    assert.match(JSON.stringify(res.body), new RegExp(field), q);
  }
});
