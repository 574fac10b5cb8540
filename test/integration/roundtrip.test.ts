import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { today } from "../helpers/dates";

let app: RunningApp;
let tokens: Record<"marketer" | "operator" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ marketer: "m", operator: "o", analyst: "a" })));

after(() => stopApp(app));

test("sandbox round trip: create codes, simulated scans get the code's reply, stats count them", async () => {
  const a = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "谜语一",
      channel: "地铁",
      campaign: "元宵",
      kind: "permanent",
      sceneStr: "riddle_1",
      reply: { type: "text", content: "谜底：灯笼" },
    }),
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const b = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name: "海报", channel: "商场", campaign: "元宵", kind: "temporary", expireSeconds: 3600 }),
  });
  assert.equal(b.status, 201);

  // the operator changes the riddle's answer
  const edit = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${a.body.id}/reply`, {
    method: "PUT",
    body: JSON.stringify({ type: "text", content: "谜底：汤圆" }),
  });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  // a default scan reply for codes without their own
  const defaults = await api(app.baseUrl, tokens.operator, `/api/accounts/${a.body.accountId}/replies`, {
    method: "PUT",
    body: JSON.stringify({
      scan: { type: "news", title: "欢迎", description: "商场活动", url: "https://example.com/a" },
      follow: { type: "text", content: "欢迎关注" },
    }),
  });
  assert.equal(defaults.status, 200, JSON.stringify(defaults.body));

  const scan = (id: number, openid: string, follower = false) =>
    api(app.baseUrl, tokens.operator, `/api/qrcodes/${id}/test-scan`, {
      method: "POST",
      body: JSON.stringify({ openid, follower }),
    });

  const first = await scan(a.body.id, "o_alice");
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.reply.Content, "谜底：汤圆");
  assert.equal((await scan(a.body.id, "o_alice", true)).body.reply.Content, "谜底：汤圆");
  assert.equal((await scan(a.body.id, "o_bob")).status, 200);
  const mall = await scan(b.body.id, "o_carol");
  assert.equal(mall.body.reply.MsgType, "text", "a new follower through a code without reply gets the welcome");
  assert.equal(mall.body.reply.Content, "欢迎关注");
  const mallAgain = await scan(b.body.id, "o_carol", true);
  assert.equal(mallAgain.body.reply.MsgType, "news");
  assert.equal(mallAgain.body.reply.ArticleCount, "1");

  const day = today();
  const stats = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=channel`);
  assert.equal(stats.status, 200, JSON.stringify(stats.body));
  const byLabel = Object.fromEntries(stats.body.rows.map((r: { label: string }) => [r.label, r]));
  assert.deepEqual(
    { ...byLabel.地铁, key: undefined },
    {
      key: undefined,
      label: "地铁",
      scans: 3,
      uniqueScanners: 2,
      newFollows: 2,
      newFollowers: 2,
      unfollows: 0,
      unfollowers: 0,
      netFollows: 2,
    },
  );
  assert.equal(byLabel.商场.scans, 2);
  assert.equal(byLabel.商场.uniqueScanners, 1);
  assert.deepEqual(stats.body.totals, {
    scans: 5,
    uniqueScanners: 3,
    newFollows: 3,
    newFollowers: 3,
    unfollows: 0,
    unfollowers: 0,
    netFollows: 3,
  });

  const byCampaign = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=campaign`);
  assert.equal(byCampaign.body.rows.length, 1);
  assert.equal(byCampaign.body.rows[0].label, "元宵");
  assert.equal(byCampaign.body.rows[0].scans, 5);

  const csv = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=qrcode&format=csv&lang=en`);
  assert.equal(csv.status, 200);
  assert.match(csv.body, /谜语一,\d+,[^,]*,地铁,元宵,3,2,2,2,0,0,2,/);

  const raw = await api(app.baseUrl, tokens.analyst, `/api/events?from=${day}&to=${day}&channel=${encodeURIComponent("地铁")}`);
  assert.equal(raw.status, 200);
  const lines = raw.body.trim().split("\r\n");
  assert.equal(lines.length, 1 + 3, "header + the channel's three scans");
  assert.ok(lines.slice(1).every((line: string) => line.includes(",地铁,")));

  const yesterday = new Date(Date.now() - 86_400_000 * 2).toISOString().slice(0, 10);
  const empty = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${yesterday}&to=${yesterday}`);
  assert.deepEqual(empty.body.rows, []);
  assert.equal(empty.body.totals.scans, 0);

  const bad = await api(app.baseUrl, tokens.analyst, `/api/stats?from=2026-02-30&to=${day}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "from");
  assert.equal(
    (await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${a.body.id}/test-scan`, { method: "POST", body: "{}" })).status,
    403,
  );
});

test("the CLI's scan command delivers a simulated scan to the running app and prints the reply", async () => {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const code = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "cli",
      channel: "命令行",
      kind: "temporary",
      reply: { type: "text", content: "来自命令行的回复" },
    }),
  });
  assert.equal(code.status, 201);
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: app.env });
  const { stdout } = await run(["scan", "--code", String(code.body.id), "--openid", "o_cli_user"]);
  assert.match(stdout, /来自命令行的回复/);
  assert.match(stdout, /subscribe/);
  const day = today();
  const stats = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=qrcode`);
  const row = stats.body.rows.find((r: { label: string }) => r.label === "cli");
  assert.equal(row.scans, 1);
  assert.equal(row.newFollows, 1);
  await assert.rejects(run(["scan", "--code", "999999", "--openid", "o_x"]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /not found/);
    return true;
  });
});
