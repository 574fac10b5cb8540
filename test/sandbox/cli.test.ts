import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { runCli } from "../helpers/cli";

// The CLI's possible traffic against the running app (issue 11, point 7): `scan` picks subscribe or
// SCAN by itself, `unfollow` refuses a stranger, and `traffic` sends a day of scans whose summary is
// exactly what the statistics then count.

let app: RunningApp;
let tokens: Record<"marketer" | "operator" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ marketer: "m", operator: "o", analyst: "a" })));
after(() => stopApp(app));

const cli = (...args: string[]) => runCli(app.env, ...args);

async function newCode(name: string): Promise<{ id: number; accountId: number; appId: string }> {
  const code = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel: "命令行", kind: "temporary", expireSeconds: 3600 }),
  });
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const accounts = await api(app.baseUrl, tokens.marketer, "/api/accounts");
  const appId = accounts.body.items.find((a: { id: number }) => a.id === code.body.accountId).appId;
  return { ...code.body, appId };
}

test("scan picks subscribe for a newcomer and SCAN for a follower; unfollow makes them leave", async () => {
  const code = await newCode("CLI 扫码");
  const first = await cli("scan", "--code", String(code.id), "--openid", "o_cli_scan");
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /delivered subscribe \(a new follower, EventKey qrscene_…\) for code \d+ as o_cli_scan: HTTP 200/);
  const second = await cli("scan", "--code", String(code.id), "--openid", "o_cli_scan");
  assert.match(second.stdout, /delivered SCAN \(an existing follower\)/);

  const gone = await cli("unfollow", "--openid", "o_cli_scan", "--account", String(code.accountId));
  assert.equal(gone.code, 0, gone.stderr);
  assert.match(gone.stdout, /delivered unsubscribe to account \d+ as o_cli_scan: HTTP 200/);
  const view = await api(app.baseUrl, tokens.operator, `/api/sandbox/followers/o_cli_scan?appId=${code.appId}`);
  assert.deepEqual(
    view.body.interactions.map((i: { kind: string }) => i.kind),
    ["subscribe", "scan", "unsubscribe"],
  );
});

test("traffic sends a day of scans, and its summary is what GET /api/stats counts for the code", async () => {
  const code = await newCode("CLI 流量");
  const run = await cli("traffic", "--code", String(code.id), "--scans", "40", "--unfollow-rate", "0.25", "--openids", "30");
  assert.equal(run.code, 0, run.stderr);
  const number = (label: string) => Number(new RegExp(`^${label} (\\d+)$`, "m").exec(run.stdout)?.[1]);
  const sent = {
    scans: number("scans"),
    uniqueScanners: number("unique scanners"),
    newFollows: number("new followers"),
    unfollows: number("unfollows"),
  };
  assert.deepEqual(sent, { scans: 40, uniqueScanners: 30, newFollows: 30, unfollows: 8 }, run.stdout);
  assert.doesNotMatch(run.stdout, /failed deliveries/);

  // The account's days are Shanghai's: yesterday and today cover every CreateTime sent.
  const day = (offset: number) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86_400_000));
  const path = `/api/stats?accountId=${code.accountId}&from=${day(-1)}&to=${day(0)}&qrCodeId=${code.id}`;
  let counted: Record<string, number> = {};
  for (let tries = 0; tries < 50; tries++) {
    const stats = await api(app.baseUrl, tokens.analyst, path);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    const { scans, uniqueScanners, newFollows, unfollows } = stats.body.totals;
    counted = { scans, uniqueScanners, newFollows, unfollows };
    if (counted.scans === sent.scans && counted.unfollows === sent.unfollows) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(counted, sent);
});

test("traffic refuses what could not happen, before any work: too many scans, a rate beyond 1, more people than scans", async () => {
  const { main } = await import("@/lib/cli/main");
  for (const [args, message] of [
    [["--scans", "10001", "--unfollow-rate", "0"], /--scans must be a whole number from 1 to 10000/],
    [["--scans", "5", "--unfollow-rate", "1.5"], /--unfollow-rate must be from 0 to 1/],
    [["--scans", "5", "--unfollow-rate", "0", "--openids", "6"], /--openids must be a whole number from 1 to 5/],
    [["--scans", "5"], /missing --unfollow-rate/],
  ] as const) {
    const err: string[] = [];
    const code = await main(["traffic", "--code", "1", ...args], { out: () => {}, err: (line) => err.push(line) });
    assert.equal(code, 2, err.join("\n"));
    assert.match(err[0], message);
  }
});
