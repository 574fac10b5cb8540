import assert from "node:assert/strict";
import { generateEncodingAesKey, type AccountKeys } from "@/lib/wechat";
import { query } from "./database";
import { seedActiveCode } from "./seed";
import type { SentEvent, WeChatReport } from "./wechat-simulator";

/** A code the stream scans: its scene, id and channel. */
export type StreamCode = { scene: string; id: number; channelId: number };

export type StreamAccount = { keys: AccountKeys & { originalId: string }; accountId: number; codes: StreamCode[] };

/**
 * An account for one stream (through lib/ in the test process, on its DATABASE_URL) with three
 * codes in two channels, each with its own reply; the stream also scans a scene that is no code.
 */
export async function seedStreamAccount(name: string, mode: "plain" | "safe"): Promise<StreamAccount> {
  const { upsertAccount } = await import("@/lib/db/accounts");
  const keys = {
    appId: `wx_${name}`,
    token: `token_${name}`,
    encodingAesKey: mode === "safe" ? generateEncodingAesKey() : null,
    mode,
    originalId: `gh_${name}`,
  };
  const { id: accountId } = await upsertAccount({ ...keys, name, appSecret: "secret" });
  const codes: StreamCode[] = [];
  for (const [channel, scene] of [
    ["地铁", "metro-a"],
    ["地铁", "metro-b"],
    ["海报", "poster"],
  ]) {
    const id = await seedActiveCode({ accountId, channel, name: scene, sceneStr: scene, reply: `欢迎 ${scene}` });
    const [row] = await query<{ channel_id: number }>(
      process.env.DATABASE_URL!,
      "SELECT channel_id FROM qr_codes WHERE id = $1",
      [id],
    );
    codes.push({ scene, id, channelId: row.channel_id });
  }
  return { keys, accountId, codes };
}

type EventRow = { openid: string; created: string; kind: string; scene: string | null; qr_code_id: number | null };
type Totals = { scans: number; newFollows: number; unfollows: number };

const identity = (openid: string, createTime: number | string, kind: string) => `${openid}|${createTime}|${kind}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function recordedEvents(url: string, accountId: number): Promise<EventRow[]> {
  return query<EventRow>(
    url,
    `SELECT openid, extract(epoch FROM occurred_at)::bigint::text AS created, kind::text, scene, qr_code_id
       FROM events WHERE account_id = $1 ORDER BY occurred_at, id`,
    [accountId],
  );
}

/** Waits until the app has nothing left to record or fold: events and the stats queue unchanged for a while. */
async function settled(url: string, accountId: number, quietMs = 1_500, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    const [row] = await query<{ n: number; queued: number }>(
      url,
      "SELECT (SELECT count(*)::int FROM events WHERE account_id = $1) AS n, (SELECT count(*)::int FROM stats_queue) AS queued",
      [accountId],
    );
    const now = `${row.n}/${row.queued}`;
    if (now !== last) [last, since] = [now, Date.now()];
    else if (row.queued === 0 && Date.now() - since >= quietMs) return;
    await sleep(250);
  }
  throw new Error(`the app did not settle within ${limitMs} ms (events/queued: ${last})`);
}

/**
 * After a stream: every acknowledged event is recorded exactly once, nothing is recorded twice or
 * that was never sent, and each recorded event's code, each follower's attribution and the
 * statistics per code and per channel are what the recorded events, in the order they happened,
 * make them. Returns the counts, printed by the caller.
 */
export async function checkLedger(opts: {
  databaseUrl: string;
  accountId: number;
  codes: StreamCode[];
  report: WeChatReport;
  label: string;
}) {
  const { databaseUrl: url, accountId, codes, report } = opts;
  await settled(url, accountId);
  const rows = await recordedEvents(url, accountId);
  const sent = new Map<string, SentEvent>(report.events.map((e) => [identity(e.openid, e.createTime, e.kind), e]));
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = identity(row.openid, row.created, row.kind);
    assert.ok(sent.has(key), `recorded but never sent: ${key}`);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const twice = [...seen].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "no event is recorded twice");
  const lost = report.events.filter((e) => e.acknowledged && !seen.has(identity(e.openid, e.createTime, e.kind)));
  assert.deepEqual(
    lost.map((e) => ({ n: e.n, openid: e.openid, attempts: e.attempts })),
    [],
    "every acknowledged event is recorded",
  );
  assert.equal(report.badReplies, 0, "every 200 carried a reply that opens for its follower");

  // Attribution, replayed from the recorded events in the order they happened.
  const codeOf = new Map(codes.map((c) => [c.scene, c]));
  const followers = new Map<string, { qrCodeId: number | null; subscribed: boolean }>();
  const perCode = new Map<number, Totals>();
  const add = (id: number | null, field: keyof Totals) => {
    if (id === null) return;
    const t = perCode.get(id) ?? { scans: 0, newFollows: 0, unfollows: 0 };
    t[field]++;
    perCode.set(id, t);
  };
  for (const row of rows) {
    const scanned = row.scene === null ? null : (codeOf.get(row.scene)?.id ?? null);
    let expected: number | null = null;
    if (row.kind === "scan" || row.kind === "scan_subscribe") {
      expected = scanned;
      add(scanned, "scans");
    }
    if (row.kind === "scan_subscribe") {
      followers.set(row.openid, { qrCodeId: scanned, subscribed: true });
      add(scanned, "newFollows");
    } else if (row.kind === "follow") followers.set(row.openid, { qrCodeId: null, subscribed: true });
    else if (row.kind === "unfollow") {
      expected = followers.get(row.openid)?.qrCodeId ?? null;
      followers.set(row.openid, { qrCodeId: expected, subscribed: false });
      add(expected, "unfollows");
    }
    assert.equal(row.qr_code_id, expected, `the code of ${row.kind} by ${row.openid} at ${row.created}`);
  }
  const stored = await query<{ openid: string; qr_code_id: number | null; subscribed: boolean }>(
    url,
    "SELECT openid, qr_code_id, subscribed FROM followers WHERE account_id = $1 ORDER BY openid",
    [accountId],
  );
  assert.deepEqual(
    Object.fromEntries(stored.map((f) => [f.openid, { qrCodeId: f.qr_code_id, subscribed: f.subscribed }])),
    Object.fromEntries([...followers].sort(([a], [b]) => (a < b ? -1 : 1))),
    "each follower's attribution and state",
  );

  // The statistics the app folded, per code and per channel, over all days.
  const stats = await query<{ slice: string; key: number; scans: number; new_follows: number; unfollows: number }>(
    url,
    `SELECT slice::text, key1 AS key, sum(scans)::int AS scans, sum(new_follows)::int AS new_follows, sum(unfollows)::int AS unfollows
       FROM stats_days WHERE account_id = $1 AND slice IN ('qr_code', 'channel') GROUP BY 1, 2`,
    [accountId],
  );
  const folded = (slice: string) =>
    Object.fromEntries(
      stats
        .filter((s) => s.slice === slice && s.scans + s.new_follows + s.unfollows > 0)
        .map((s) => [s.key, { scans: s.scans, newFollows: s.new_follows, unfollows: s.unfollows }]),
    );
  const perChannel = new Map<number, Totals>();
  for (const [id, t] of perCode) {
    const channel = codes.find((c) => c.id === id)!.channelId;
    const sum = perChannel.get(channel) ?? { scans: 0, newFollows: 0, unfollows: 0 };
    perChannel.set(channel, {
      scans: sum.scans + t.scans,
      newFollows: sum.newFollows + t.newFollows,
      unfollows: sum.unfollows + t.unfollows,
    });
  }
  assert.deepEqual(folded("qr_code"), Object.fromEntries(perCode), "statistics per code");
  assert.deepEqual(folded("channel"), Object.fromEntries(perChannel), "statistics per channel");

  const counts = {
    sent: report.sent,
    acknowledged: report.acknowledged,
    acknowledgedOnRetry: report.acknowledgedOnRetry,
    recorded: rows.length,
    recordedNotAcknowledged: rows.length - report.acknowledged,
    givenUp: report.givenUp,
    givenUpWhy: report.givenUpWhy,
    attempts: report.attemptOutcomes,
  };
  console.log(`[faults] ${opts.label}: ${JSON.stringify(counts)}`);
  return counts;
}
