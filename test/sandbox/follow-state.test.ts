import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";

// Issue 11, point 7: the sandbox only produces possible traffic. It knows who follows (their last
// subscribe or unsubscribe), so a test scan picks subscribe or SCAN itself, a follower cannot follow
// again, a stranger cannot unfollow, and an expired code cannot be scanned at all.

let app: RunningApp;
let tokens: Record<"marketer" | "operator" | "analyst", string>;
let appId: string;
let accountId: number;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ marketer: "m", operator: "o", analyst: "a" }));
});

after(() => stopApp(app));

async function newCode(name: string) {
  const code = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name,
      channel: "地铁",
      kind: "temporary",
      expireSeconds: 3600,
      reply: { type: "text", content: `${name}的回复` },
    }),
  });
  assert.equal(code.status, 201, JSON.stringify(code.body));
  accountId = code.body.accountId;
  const [row] = await query<{ app_id: string }>(app.databaseUrl, "SELECT app_id FROM accounts WHERE id = $1", [accountId]);
  appId = row.app_id;
  return code.body as { id: number; sceneId: number; ticket: string };
}

const post = (path: string, body: unknown, token = tokens.operator) =>
  api(app.baseUrl, token, path, { method: "POST", body: JSON.stringify(body) });

async function eventsOf(openid: string) {
  const rows = await query<{ kind: string }>(app.databaseUrl, "SELECT kind::text FROM events WHERE openid = $1 ORDER BY id", [
    openid,
  ]);
  return rows.map((r) => r.kind);
}

test("scan, scan again, follow again, unfollow, unfollow again, scan: only what WeChat could push is pushed", async () => {
  const code = await newCode("地铁A口");
  const scan = (body: Record<string, unknown>) => post(`/api/qrcodes/${code.id}/test-scan`, { openid: "o_possible", ...body });

  const first = await scan({});
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.event, "subscribe", "a stranger's scan is a subscribe with qrscene_");
  assert.equal(first.body.reply.Content, "地铁A口的回复");
  // a claim that they follow is ignored: the sandbox knows better
  const second = await scan({ follower: false });
  assert.equal(second.body.event, "SCAN", "a follower's scan is a SCAN, whatever the request claims");

  const followAgain = await post("/api/replies/test-follow", { accountId, openid: "o_possible" });
  assert.equal(followAgain.status, 409, JSON.stringify(followAgain.body));
  assert.equal(followAgain.body.error.code, "already_following");

  const unfollow = await post("/api/sandbox/followers/o_possible/unfollow", { accountId });
  assert.equal(unfollow.status, 200, JSON.stringify(unfollow.body));
  assert.equal(unfollow.body.status, 200);
  const again = await post("/api/sandbox/followers/o_possible/unfollow", { accountId });
  assert.equal(again.status, 409, JSON.stringify(again.body));
  assert.equal(again.body.error.code, "not_following");

  // WeChat's CreateTime is in seconds: a second subscribe in the first one's second would be its retry.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const refollow = await scan({ follower: true });
  assert.equal(refollow.body.event, "subscribe", "after an unfollow, a scan follows again");

  assert.deepEqual(await eventsOf("o_possible"), ["scan_subscribe", "scan", "unfollow", "scan_subscribe"]);

  const view = await api(app.baseUrl, tokens.operator, `/api/sandbox/followers/o_possible?appId=${appId}`);
  assert.equal(view.body.following, true);
  assert.deepEqual(
    view.body.interactions.map((i: { kind: string; detail: string | null }) => `${i.kind}:${i.detail ?? ""}`),
    [`subscribe:${code.sceneId}`, `scan:${code.sceneId}`, "unsubscribe:", `subscribe:${code.sceneId}`],
  );

  // A stranger cannot unfollow; a plain follow of a stranger goes through.
  assert.equal((await post("/api/sandbox/followers/o_stranger/unfollow", { accountId })).status, 409);
  assert.equal((await post("/api/replies/test-follow", { accountId, openid: "o_stranger" })).status, 200);
  assert.deepEqual(await eventsOf("o_stranger"), ["follow"]);
});

test("an expired code cannot be scanned: 410 code_expired, nothing pushed or recorded", async () => {
  const code = await newCode("过期码");
  await query(app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 minute' WHERE id = $1", [code.id]);
  await query(app.databaseUrl, "UPDATE sandbox_tickets SET expires_at = now() - interval '1 minute' WHERE ticket = $1", [
    code.ticket,
  ]);
  const scan = await post(`/api/qrcodes/${code.id}/test-scan`, { openid: "o_too_late" });
  assert.equal(scan.status, 410, JSON.stringify(scan.body));
  assert.equal(scan.body.error.code, "code_expired");
  assert.deepEqual(await eventsOf("o_too_late"), []);
  const [{ n }] = await query<{ n: number }>(
    app.databaseUrl,
    "SELECT count(*)::int AS n FROM sandbox_interactions WHERE openid = 'o_too_late'",
  );
  assert.equal(n, 0, "the sandbox records no interaction either");
});

test("the known followers list: newest first, following or not, tag counts; only for scan:simulate and sandbox accounts", async () => {
  await newCode("名单");
  const list = await api(app.baseUrl, tokens.operator, `/api/sandbox/followers?appId=${appId}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const byOpenid = new Map(list.body.items.map((f: { openid: string }) => [f.openid, f]));
  assert.deepEqual(byOpenid.get("o_possible"), {
    openid: "o_possible",
    following: true,
    lastInteractionAt: (byOpenid.get("o_possible") as { lastInteractionAt: string }).lastInteractionAt,
    tagCount: 0,
  });
  assert.equal((byOpenid.get("o_stranger") as { following: boolean }).following, true);
  const times = list.body.items.map((f: { lastInteractionAt: string }) => f.lastInteractionAt);
  assert.deepEqual(times, [...times].sort().reverse(), "the most recently active first");
  assert.equal(list.body.total, list.body.items.length);
  assert.equal(list.body.page, 1);

  assert.equal((await api(app.baseUrl, tokens.analyst, `/api/sandbox/followers?appId=${appId}`)).status, 403);
  const unknown = await api(app.baseUrl, tokens.operator, "/api/sandbox/followers?appId=wx_nobody");
  assert.equal(unknown.status, 404);
  const badPage = await api(app.baseUrl, tokens.operator, `/api/sandbox/followers?appId=${appId}&page=0`);
  assert.equal(badPage.status, 400);
  assert.equal(badPage.body.error.field, "page");
  const badOpenid = await post("/api/sandbox/followers/o%20x/unfollow", { accountId });
  assert.equal(badOpenid.status, 400);
  assert.equal(badOpenid.body.error.field, "openid");
  assert.equal((await post("/api/sandbox/followers/o_x/unfollow", {})).status, 400);
});
