import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { seedActiveCode } from "../helpers/seed";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import type { RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { today } from "../helpers/dates";
import type { AccountKeys } from "@/lib/wechat";

// The life of a code through real HTTP (issue 9, points 3 and 4): scene allocation that cannot jam,
// edit, schedule, archive, duplicate, bulk actions, and statistics that follow a moved code.

let app: RunningApp;
let tokens: Record<"marketer" | "analyst", string>;
let sandboxId = 0;
const shop: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_life_test",
  token: "token_life",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_life",
};

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ marketer: "marketer", analyst: "analyst" }));
  [{ id: sandboxId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
  const { upsertAccount } = await import("@/lib/db/accounts");
  shop.id = (await upsertAccount({ ...shop, name: "life shop", appSecret: "s" })).id;
});

after(() => stopApp(app));

const call = (path: string, method = "GET", body?: unknown, token = tokens.marketer) =>
  api(app.baseUrl, token, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function create(body: Record<string, unknown>) {
  const res = await call("/api/qrcodes", "POST", { accountId: sandboxId, channel: "allocator", ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const patch = (id: number, body: unknown) => call(`/api/qrcodes/${id}`, "PATCH", body);

async function scanReply(openid: string, scene: string, event: "subscribe" | "SCAN" = "SCAN") {
  const res = await push(app.baseUrl, shop, {
    openid,
    event,
    eventKey: event === "subscribe" ? `qrscene_${scene}` : scene,
    ticket: "t",
  });
  assert.equal(res.status, 200, res.text);
  return res.reply === null || typeof res.reply === "string"
    ? res.reply
    : ((res.reply as Record<string, string>).Content ?? null);
}

async function lastEvent(openid: string) {
  const [row] = await query<{ qr_code_id: number | null; code_state: string | null }>(
    app.databaseUrl,
    "SELECT qr_code_id, code_state FROM events WHERE account_id = $1 AND openid = $2 ORDER BY id DESC LIMIT 1",
    [shop.id, openid],
  );
  return row;
}

test("allocation: a user's scene 4294967295, scenes inside the range and a digit string scene never jam automatic temporary scenes", async () => {
  await create({ name: "max", kind: "temporary", sceneId: 4294967295, expireSeconds: 60 });
  await create({ name: "first", kind: "temporary", sceneId: 100001, expireSeconds: 60 });
  await create({ name: "second", kind: "temporary", sceneId: 100002, expireSeconds: 60 });
  await create({ name: "digits", kind: "temporary", sceneStr: "100003", expireSeconds: 60 });
  const auto = await create({ name: "auto", kind: "temporary", expireSeconds: 60 });
  assert.equal(auto.sceneId, 100004, "the first scene of the range no code holds, as an integer or as digits");
  const next = await create({ name: "auto 2", kind: "temporary", expireSeconds: 60 });
  assert.equal(next.sceneId, 100005);
});

test("allocation storm: 200 concurrent POST /api/qrcodes all get distinct scenes, none fails", async () => {
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      call("/api/qrcodes", "POST", {
        accountId: sandboxId,
        channel: "storm",
        name: `storm ${i}`,
        kind: "temporary",
        expireSeconds: 60,
      }),
    ),
  );
  const statuses = results.map((r) => r.status);
  assert.deepEqual([...new Set(statuses)], [201], JSON.stringify(results.find((r) => r.status !== 201)?.body));
  const scenes = new Set(results.map((r) => r.body.sceneId));
  assert.equal(scenes.size, 200);
  for (const scene of scenes) assert.ok(scene > 100_000 && scene <= 4294967295, String(scene));
});

test("permanent allocation with 99,990 codes finds the one gap and the end, by the index, quickly", async () => {
  const [{ id: channelId }] = await query<{ id: number }>(
    app.databaseUrl,
    "INSERT INTO channels (account_id, name) VALUES ($1, 'bulk permanent') RETURNING id",
    [sandboxId],
  );
  await query(
    app.databaseUrl,
    `INSERT INTO qr_codes (account_id, channel_id, name, kind, scene_id, status, ticket, url)
     SELECT $1, $2, 'p' || s, 'permanent', s, 'active', 't' || s, 'u' || s
       FROM generate_series(1, 99991) s WHERE s <> 50000 AND s NOT IN (SELECT scene_id FROM qr_codes WHERE account_id = $1 AND scene_id IS NOT NULL)`,
    [sandboxId, channelId],
  );
  try {
    const started = Date.now();
    const gap = await create({ name: "gap", kind: "permanent" });
    const end = await create({ name: "end", kind: "permanent" });
    assert.equal(gap.sceneId, 50000);
    assert.equal(end.sceneId, 99992);
    assert.ok(Date.now() - started < 5_000, `two allocations took ${Date.now() - started} ms`);
  } finally {
    await query(app.databaseUrl, "DELETE FROM qr_codes WHERE account_id = $1 AND kind = 'permanent'", [sandboxId]);
  }
});

test("PATCH validates every field with a 400 naming it, and 404s an unknown code", async () => {
  const id = await seedActiveCode({ accountId: shop.id, channel: "门店", name: "validate", sceneStr: "validate" });
  const problem = async (body: unknown, field: string) => {
    const res = await patch(id, body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  };
  await problem({ validFrom: "2030-01-02T00:00:00Z", validTo: "2030-01-01T00:00:00Z" }, "validTo");
  await problem({ validFrom: "tomorrow" }, "validFrom");
  await problem({ name: "" }, "name");
  await problem({ note: "x".repeat(1001) }, "note");
  await problem({ archived: "yes" }, "archived");
  assert.equal((await patch(id, {})).status, 400);
  assert.equal((await patch(id, { sceneStr: "other" })).status, 400);
  // the stored end of the schedule counts too
  assert.equal((await patch(id, { validTo: "2030-01-01T00:00:00Z" })).status, 200);
  await problem({ validFrom: "2030-06-01T00:00:00Z" }, "validFrom");
  assert.equal((await patch(999999, { name: "x" })).status, 404);
  const analyst = await call(`/api/qrcodes/${id}`, "PATCH", { name: "x" }, tokens.analyst);
  assert.equal(analyst.status, 403);
});

test("edit: name, campaign, note and schedule are saved, shown and audited; null clears", async () => {
  const id = await seedActiveCode({ accountId: shop.id, channel: "门店", name: "poster", sceneStr: "edit-1" });
  const res = await patch(id, { name: "新海报", campaign: "双十二", note: "贴在收银台", validFrom: "2026-01-01T00:00:00+08:00" });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.name, "新海报");
  assert.equal(res.body.campaign, "双十二");
  assert.equal(res.body.note, "贴在收银台");
  assert.equal(res.body.validFrom, "2025-12-31T16:00:00.000Z");
  const cleared = await patch(id, { campaign: null, note: null, validFrom: null });
  assert.deepEqual([cleared.body.campaign, cleared.body.note, cleared.body.validFrom], [null, null, null]);
  const audit = await query<{ action: string }>(
    app.databaseUrl,
    "SELECT action FROM audit_entries WHERE target_type = 'code' AND target_id = $1::text ORDER BY id",
    [id],
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ["code.update", "code.update"],
  );
});

test("archive: the code stops replying and attributing, leaves the list by default, and comes back when unarchived", async () => {
  const id = await seedActiveCode({
    accountId: shop.id,
    channel: "门店",
    name: "archive me",
    sceneStr: "arch-1",
    reply: "code reply",
  });
  assert.equal(await scanReply("o_arch_0", "arch-1"), "code reply");

  assert.equal((await patch(id, { archived: true })).status, 200);
  assert.notEqual(await scanReply("o_arch_1", "arch-1", "subscribe"), "code reply");
  assert.deepEqual(await lastEvent("o_arch_1"), { qr_code_id: null, code_state: "archived" });
  const [follower] = await query(
    app.databaseUrl,
    "SELECT qr_code_id FROM followers WHERE account_id = $1 AND openid = 'o_arch_1'",
    [shop.id],
  );
  assert.equal(follower.qr_code_id, null, "not attributed to the archived code");

  const listed = async (archived?: string) => {
    const res = await call(`/api/qrcodes?accountId=${shop.id}&q=archive%20me${archived ? `&archived=${archived}` : ""}`);
    return res.body.items.map((c: { id: number }) => c.id);
  };
  assert.deepEqual(await listed(), []);
  assert.deepEqual(await listed("include"), [id]);
  assert.deepEqual(await listed("only"), [id]);
  assert.equal((await call(`/api/qrcodes/${id}`)).body.archivedAt !== null, true, "its page stays");

  assert.equal((await patch(id, { archived: false })).status, 200);
  assert.equal(await scanReply("o_arch_2", "arch-1"), "code reply");
  assert.deepEqual(await lastEvent("o_arch_2"), { qr_code_id: id, code_state: null });
  const actions = await query<{ action: string }>(
    app.databaseUrl,
    "SELECT action FROM audit_entries WHERE target_type = 'code' AND target_id = $1::text ORDER BY id",
    [id],
  );
  assert.deepEqual(
    actions.map((a) => a.action),
    ["code.archive", "code.unarchive"],
  );
});

test("schedule: before validFrom and from validTo a scan gets the default reply and a marker the scan log shows", async () => {
  const id = await seedActiveCode({
    accountId: shop.id,
    channel: "门店",
    name: "scheduled",
    sceneStr: "sched-1",
    reply: "in window",
  });
  const hour = 3600_000;
  await patch(id, { validFrom: new Date(Date.now() + hour).toISOString() });
  assert.notEqual(await scanReply("o_sched_1", "sched-1"), "in window");
  assert.deepEqual(await lastEvent("o_sched_1"), { qr_code_id: null, code_state: "not_started" });

  await patch(id, {
    validFrom: new Date(Date.now() - 2 * hour).toISOString(),
    validTo: new Date(Date.now() + hour).toISOString(),
  });
  assert.equal(await scanReply("o_sched_2", "sched-1"), "in window");
  assert.deepEqual(await lastEvent("o_sched_2"), { qr_code_id: id, code_state: null });

  await patch(id, { validTo: new Date(Date.now() - hour).toISOString() });
  assert.notEqual(await scanReply("o_sched_3", "sched-1"), "in window");
  assert.deepEqual(await lastEvent("o_sched_3"), { qr_code_id: null, code_state: "ended" });

  const csv = await api(app.baseUrl, tokens.analyst, `/api/events?accountId=${shop.id}&from=${today()}&to=${today()}&lang=en`);
  assert.equal(csv.status, 200);
  const lines = String(csv.body).trim().split(/\r?\n/);
  assert.ok(lines[0].endsWith(",Not counted because"), lines[0]);
  const marked = lines.filter((line) => line.includes("o_sched_"));
  assert.deepEqual(
    marked.map((line) => line.split(",").at(-1)),
    ["code not started", "", "code ended"],
  );
});

test("a code moved to another channel or campaign takes its history with it (stats by channel before and after)", async () => {
  const id = await seedActiveCode({ accountId: shop.id, channel: "地铁", campaign: "春节", name: "mover", sceneStr: "move-1" });
  await seedActiveCode({ accountId: shop.id, channel: "地铁", name: "stayer", sceneStr: "stay-1" });
  for (const openid of ["o_m1", "o_m2", "o_m3"]) await scanReply(openid, "move-1", "subscribe");
  await scanReply("o_s1", "stay-1");
  const byGroup = async (groupBy: string) => {
    const res = await api(
      app.baseUrl,
      tokens.analyst,
      `/api/stats?accountId=${shop.id}&from=${today()}&to=${today()}&groupBy=${groupBy}`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Object.fromEntries(
      (res.body.rows as { label: string; scans: number; newFollows: number }[]).map((r) => [r.label, [r.scans, r.newFollows]]),
    );
  };
  const before = await byGroup("channel");
  assert.deepEqual(before.地铁, [4, 3]);

  assert.equal((await patch(id, { channel: "商场" })).status, 200);
  const after = await byGroup("channel");
  assert.deepEqual(after.商场, [3, 3]);
  assert.deepEqual(after.地铁, [1, 0]);

  const bulk = await call("/api/qrcodes/bulk", "POST", { action: "move", ids: [id], campaign: "元宵" });
  assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
  assert.equal(bulk.body.items[0].campaign, "元宵");
  const campaigns = await byGroup("campaign");
  assert.deepEqual(campaigns.元宵, [3, 3]);
  assert.equal(campaigns.春节, undefined);

  // What the recount left is what a rebuild of the whole account from its events makes.
  const statistics = async () => {
    const rows: unknown[] = [];
    for (const table of ["stats_days", "stats_weeks", "stats_hours", "stats_retention", "stats_retention_weeks"])
      rows.push(
        ...(await query(app.databaseUrl, `SELECT '${table}' AS t, * FROM ${table} WHERE account_id = $1 ORDER BY 2, 3, 4, 5, 6`, [
          shop.id,
        ])),
      );
    return JSON.stringify(rows);
  };
  const recounted = await statistics();
  const { rebuildStatistics } = await import("@/lib/db/stats-rebuild");
  await rebuildStatistics(shop.id);
  assert.equal(recounted, await statistics());
});

test("duplicate: a new code with the same channel, campaign, kind and reply, and its own scene and ticket", async () => {
  const original = await create({
    name: "原码",
    channel: "朋友圈",
    campaign: "双十一",
    kind: "temporary",
    expireSeconds: 3600,
    reply: { type: "text", content: "欢迎" },
  });
  const res = await call(`/api/qrcodes/${original.id}/duplicate`, "POST");
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const copy = res.body;
  assert.notEqual(copy.id, original.id);
  assert.equal(copy.name, "原码 (2)");
  assert.deepEqual(
    [copy.channel, copy.campaign, copy.kind, copy.expireSeconds, copy.reply],
    [original.channel, original.campaign, original.kind, 3600, original.reply],
  );
  assert.notEqual(copy.sceneId, original.sceneId);
  assert.notEqual(copy.ticket, original.ticket);
  const named = await call(`/api/qrcodes/${original.id}/duplicate`, "POST", { name: "B 版" });
  assert.equal(named.body.name, "B 版");
  assert.equal((await call(`/api/qrcodes/${original.id}/duplicate`, "POST", { name: "" })).body.error.field, "name");
  assert.equal((await call("/api/qrcodes/999999/duplicate", "POST")).status, 404);
});

test("bulk archive and unarchive apply to every code named, or to none; the input is bounded and checked", async () => {
  const a = await seedActiveCode({ accountId: shop.id, channel: "bulk", name: "bulk a", sceneStr: "bulk-a" });
  const b = await seedActiveCode({ accountId: shop.id, channel: "bulk", name: "bulk b", sceneStr: "bulk-b" });
  const archivedOf = async () =>
    (
      await query<{ archived: boolean }>(
        app.databaseUrl,
        "SELECT archived_at IS NOT NULL AS archived FROM qr_codes WHERE id = ANY($1) ORDER BY id",
        [[a, b]],
      )
    ).map((r) => r.archived);
  const unknown = await call("/api/qrcodes/bulk", "POST", { action: "archive", ids: [a, 999999] });
  assert.equal(unknown.status, 404);
  assert.deepEqual(await archivedOf(), [false, false], "nothing changed");

  const done = await call("/api/qrcodes/bulk", "POST", { action: "archive", ids: [a, b] });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.deepEqual(await archivedOf(), [true, true]);
  await call("/api/qrcodes/bulk", "POST", { action: "unarchive", ids: [b] });
  assert.deepEqual(await archivedOf(), [true, false]);

  const field = async (body: unknown) => (await call("/api/qrcodes/bulk", "POST", body)).body.error?.field;
  assert.equal(await field({ action: "archive", ids: Array.from({ length: 201 }, (_, i) => i + 1) }), "ids");
  assert.equal(await field({ action: "archive", ids: [] }), "ids");
  assert.equal(await field({ action: "move", ids: [a] }), "campaign");
  assert.equal(await field({ action: "delete", ids: [a] }), "action");
});
