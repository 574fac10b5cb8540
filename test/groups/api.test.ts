import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { today } from "../helpers/dates";

// Channels and campaigns as their management pages change them, through real HTTP (issue 9, point 3).

let app: RunningApp;
let tokens: Record<"admin" | "marketer" | "operator" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ admin: "a", marketer: "m", operator: "o", analyst: "n" })));

after(() => stopApp(app));

type Row = { id: number; name: string; codes: number; scans: number; newFollows: number; accountId: number };

async function create(name: string, channel: string, campaign?: string) {
  const res = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel, campaign, kind: "temporary", expireSeconds: 3600 }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; accountId: number };
}

async function scan(codeId: number, openid: string, follower = false) {
  const res = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${codeId}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid, follower }),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const send = (token: string, path: string, method: string, body?: unknown) =>
  api(app.baseUrl, token, path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

async function channels(): Promise<Row[]> {
  const res = await api(app.baseUrl, tokens.analyst, "/api/channels");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.days, 30);
  return res.body.items;
}
const channelNamed = async (name: string) => (await channels()).find((c) => c.name === name);

async function statsByChannel() {
  const day = today();
  const res = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=channel`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.rows.map((r: { label: string }) => [r.label, r])) as Record<
    string,
    { key: string; scans: number; uniqueScanners: number; newFollows: number }
  >;
}

function assertRefused(res: { status: number; body: any }, status: number, field?: string, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(typeof res.body.error?.message, "string", JSON.stringify(res.body));
  if (field) assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
}

test("merging channel A into B: A's codes move, A is gone, B's statistics hold both (unique scanners recounted)", async () => {
  const a1 = await create("merge a1", "合并来源", "合并活动");
  const a2 = await create("merge a2", "合并来源");
  const b1 = await create("merge b1", "合并目标", "合并活动");
  await scan(a1.id, "o_merge_x");
  await scan(a1.id, "o_merge_y");
  await scan(a2.id, "o_merge_x", true);
  await scan(b1.id, "o_merge_x", true);
  await scan(b1.id, "o_merge_z");

  const before = await statsByChannel();
  assert.equal(before.合并来源.scans, 3);
  assert.equal(before.合并来源.uniqueScanners, 2);
  assert.equal(before.合并目标.scans, 2);
  assert.equal(before.合并目标.uniqueScanners, 2);
  const from = await channelNamed("合并来源");
  const into = await channelNamed("合并目标");
  assert.deepEqual(
    { codes: from?.codes, scans: from?.scans, newFollows: from?.newFollows },
    { codes: 2, scans: 3, newFollows: before.合并来源.newFollows },
  );
  assert.ok(from && into);

  const merged = await send(tokens.marketer, `/api/channels/${from.id}/merge`, "POST", { into: into.id });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.into.id, into.id);
  assert.equal(merged.body.into.codes, 3);

  const afterwards = await statsByChannel();
  assert.equal(afterwards.合并来源, undefined, "the merged channel's rows are gone");
  assert.equal(afterwards.合并目标.scans, 5, "B's scans are A's plus B's");
  assert.equal(afterwards.合并目标.uniqueScanners, 3, "o_merge_x scanned both: counted once");
  assert.equal(afterwards.合并目标.newFollows, before.合并来源.newFollows + before.合并目标.newFollows);
  assert.equal(afterwards.合并目标.key, String(into.id));

  assert.equal(await channelNamed("合并来源"), undefined);
  const target = await channelNamed("合并目标");
  assert.deepEqual({ codes: target?.codes, scans: target?.scans }, { codes: 3, scans: 5 });
  for (const code of [a1, a2]) {
    const res = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}`);
    assert.equal(res.body.channel, "合并目标");
  }
  const day = today();
  const byCampaign = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=campaign`);
  const campaign = byCampaign.body.rows.find((r: { label: string }) => r.label === "合并活动");
  assert.equal(campaign.scans, 4, "campaigns keep their counts");

  // A later scan through a moved code counts for B.
  await scan(a2.id, "o_merge_w");
  assert.equal((await statsByChannel()).合并目标.scans, 6);

  const audit = await api(app.baseUrl, tokens.admin, `/api/audit?targetType=channel&targetId=${from.id}`);
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  assert.equal(audit.body.items[0].action, "channel.merge");
  assert.equal(audit.body.items[0].after.mergedInto, "合并目标");
  assert.equal(audit.body.items[0].after.movedCodes, 2);
});

test("merge refusals: itself, unknown or another account's target (400 into), unknown channel (404), roles", async () => {
  const code = await create("refuse", "拒绝合并");
  await create("refuse other", "另一个渠道");
  const channel = await channelNamed("拒绝合并");
  const other = await channelNamed("另一个渠道");
  assert.ok(channel && other);
  const account = await send(tokens.admin, "/api/accounts", "POST", {
    appId: "wx00000000feedbeef",
    name: "其他公众号",
    appSecret: "0123456789abcdef0123456789abcdef",
    token: "othertoken",
    mode: "plain",
  });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  const [foreign] = await query<{ id: number }>(
    app.databaseUrl,
    "INSERT INTO channels (account_id, name) VALUES ($1, '别处的渠道') RETURNING id",
    [account.body.id],
  );
  const merge = (body: unknown, id = channel.id, token = tokens.marketer) =>
    send(token, `/api/channels/${id}/merge`, "POST", body);

  assertRefused(await merge({ into: channel.id }), 400, "into", "same_channel");
  assertRefused(await merge({ into: foreign.id }), 400, "into", "unknown_channel");
  assertRefused(await merge({ into: 2_000_000_000 }), 400, "into", "unknown_channel");
  assertRefused(await merge({}), 400, "into");
  assertRefused(await merge({ into: "2" }), 400, "into");
  assertRefused(await merge({ into: 2_147_483_648 }), 400, "into");
  assertRefused(await merge({ into: other.id, extra: 1 }), 400);
  assertRefused(await merge({ into: other.id }, 2_000_000_000), 404);
  assertRefused(await merge({ into: other.id }, -1 as number), 400, "id");
  assertRefused(await merge({ into: other.id }, channel.id, tokens.operator), 403);
  assertRefused(await merge({ into: other.id }, channel.id, tokens.analyst), 403);
  const res = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}`);
  assert.equal(res.body.channel, "拒绝合并", "nothing moved");
  assert.ok(await channelNamed("拒绝合并"));

  const byAdmin = await merge({ into: other.id }, channel.id, tokens.admin);
  assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
  assertRefused(await merge({ into: other.id }), 404);
});

test("renaming a channel: statistics stay with it; a name taken is 409, bad names 400 naming the field", async () => {
  const code = await create("rename", "旧名字");
  await create("rename taken", "已占用");
  await scan(code.id, "o_rename");
  const channel = await channelNamed("旧名字");
  assert.ok(channel);
  const before = (await statsByChannel()).旧名字;

  const renamed = await send(tokens.marketer, `/api/channels/${channel.id}`, "PATCH", { name: "  新名字 " });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(renamed.body.name, "新名字");
  const afterwards = await statsByChannel();
  assert.equal(afterwards.旧名字, undefined);
  assert.deepEqual(afterwards.新名字, { ...before, label: "新名字" });
  assert.equal((await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}`)).body.channel, "新名字");

  const rename = (body: unknown, id = channel.id, token = tokens.marketer) => send(token, `/api/channels/${id}`, "PATCH", body);
  assertRefused(await rename({ name: "已占用" }), 409, "name", "name_taken");
  assertRefused(await rename({ name: "   " }), 400, "name");
  assertRefused(await rename({ name: "x".repeat(101) }), 400, "name");
  assertRefused(await rename({}), 400, "name");
  assertRefused(await rename({ name: 5 }), 400, "name");
  assertRefused(await rename({ name: "a\u0000b" }), 400, "name");
  assertRefused(await rename({ name: "ok" }, 2_000_000_000), 404);
  assertRefused(await rename({ name: "ok" }, channel.id, tokens.operator), 403);
  assertRefused(await rename({ name: "ok" }, channel.id, tokens.analyst), 403);
  assertRefused(await api(app.baseUrl, tokens.marketer, `/api/channels/${channel.id}`, { method: "PATCH", body: "{" }), 400);
  assert.ok(await channelNamed("新名字"), "refusals changed nothing");

  const byAdmin = await rename({ name: "管理员改名" }, channel.id, tokens.admin);
  assert.equal(byAdmin.status, 200);
  const audit = await api(app.baseUrl, tokens.admin, `/api/audit?targetType=channel&targetId=${channel.id}`);
  assert.deepEqual(
    audit.body.items.map((e: { action: string; before: unknown; after: unknown }) => [e.action, e.before, e.after]),
    [
      ["channel.rename", { name: "新名字" }, { name: "管理员改名" }],
      ["channel.rename", { name: "旧名字" }, { name: "新名字" }],
    ],
  );
});

test("the counts per row are read from the statistics tables", async () => {
  const code = await create("counts", "计数渠道", "计数活动");
  await scan(code.id, "o_counts");
  await statsByChannel(); // folds
  const channel = await channelNamed("计数渠道");
  assert.equal(channel?.scans, 1);
  await query(
    app.databaseUrl,
    "UPDATE stats_days SET scans = scans + 100, new_follows = new_follows + 7 WHERE slice = 'channel' AND key1 = $1",
    [channel?.id],
  );
  const counted = await channelNamed("计数渠道");
  assert.deepEqual(
    { scans: counted?.scans, newFollows: counted?.newFollows },
    { scans: 101, newFollows: 7 + (channel?.newFollows ?? 0) },
  );
  const old = await query(
    app.databaseUrl,
    "UPDATE stats_days SET day = day - 30 WHERE slice = 'campaign' AND key1 = (SELECT id FROM campaigns WHERE name = '计数活动') RETURNING key1",
  );
  assert.equal(old.length, 1);
  const campaigns = await api(app.baseUrl, tokens.analyst, "/api/campaigns");
  const campaign = campaigns.body.items.find((c: Row) => c.name === "计数活动");
  assert.deepEqual({ codes: campaign.codes, scans: campaign.scans }, { codes: 1, scans: 0 }, "30 days ago is outside the window");
});

test("campaign days and note: set, partial, cleared; start after end, bad days and long notes are 400 naming the field", async () => {
  await create("campaign", "活动渠道", "双十二");
  await create("campaign taken", "活动渠道", "已有活动");
  const list = async () => (await api(app.baseUrl, tokens.analyst, "/api/campaigns")).body.items;
  const campaign = (await list()).find((c: Row) => c.name === "双十二");
  assert.deepEqual(
    { startsOn: campaign.startsOn, endsOn: campaign.endsOn, note: campaign.note, codes: campaign.codes },
    { startsOn: null, endsOn: null, note: null, codes: 1 },
  );
  const patch = (body: unknown, id = campaign.id, token = tokens.marketer) => send(token, `/api/campaigns/${id}`, "PATCH", body);

  const set = await patch({ startsOn: "2026-12-01", endsOn: "2026-12-12", note: "  线下门店为主 " });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(
    { startsOn: set.body.startsOn, endsOn: set.body.endsOn, note: set.body.note },
    { startsOn: "2026-12-01", endsOn: "2026-12-12", note: "线下门店为主" },
  );
  const sameDay = await patch({ endsOn: "2026-12-01" });
  assert.equal(sameDay.status, 200, "a one-day campaign");

  assertRefused(await patch({ endsOn: "2026-11-30" }), 400, "endsOn", "invalid_range");
  assertRefused(await patch({ startsOn: "2026-12-02" }), 400, "startsOn", "invalid_range");
  assertRefused(await patch({ startsOn: "2026-12-10", endsOn: "2026-12-09" }), 400, "endsOn");
  assertRefused(await patch({ startsOn: "2026-02-30" }), 400, "startsOn");
  assertRefused(await patch({ endsOn: "12/09/2026" }), 400, "endsOn");
  assertRefused(await patch({ startsOn: "1999-12-31" }), 400, "startsOn");
  assertRefused(await patch({ note: "长".repeat(1001) }), 400, "note");
  assertRefused(await patch({ name: "" }), 400, "name");
  assertRefused(await patch({ name: "已有活动" }), 409, "name", "name_taken");
  assertRefused(await patch({}), 400);
  assertRefused(await patch({ starts: "2026-12-01" }), 400);
  assertRefused(await patch({ note: "x" }, 2_000_000_000), 404);
  assertRefused(await patch({ note: "x" }, campaign.id, tokens.operator), 403);
  assertRefused(await patch({ note: "x" }, campaign.id, tokens.analyst), 403);
  const unchanged = (await list()).find((c: Row) => c.id === campaign.id);
  assert.deepEqual([unchanged.name, unchanged.startsOn, unchanged.endsOn], ["双十二", "2026-12-01", "2026-12-01"]);

  const renamed = await patch({ name: "双十二大促", startsOn: null, note: null }, campaign.id, tokens.admin);
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.deepEqual(
    { name: renamed.body.name, startsOn: renamed.body.startsOn, endsOn: renamed.body.endsOn, note: renamed.body.note },
    { name: "双十二大促", startsOn: null, endsOn: "2026-12-01", note: null },
  );
  const audit = await api(app.baseUrl, tokens.admin, `/api/audit?targetType=campaign&targetId=${campaign.id}`);
  assert.deepEqual(
    audit.body.items.map((e: { action: string }) => e.action),
    ["campaign.update", "campaign.update", "campaign.update"],
  );
  assert.deepEqual(audit.body.items[0].after, { name: "双十二大促", startsOn: null, endsOn: "2026-12-01", note: null });
});
