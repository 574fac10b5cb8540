import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { createApiTokens } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { api, LOOPBACK_PEERS_ENV, startApiPeer, type ApiPeer } from "../helpers/wechat-peer";

// An account's API origin is typed by an admin (issue 8, defect 8): the server must not become a
// way into its own network. Two instances share one database: `guarded` as shipped, `allowing`
// with the operator's allowance for the fake WeChat on 127.0.0.1 (LOOPBACK_PEERS_ENV).

let guarded: RunningApp;
let allowing: RunningApp;
let admin = "";
let accountId = 0;
let peer: ApiPeer;
let elsewhere: ApiPeer;
type Answer = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void;
const issue: Answer = (_req, res) => res.end(JSON.stringify({ access_token: "PEER_TOKEN", expires_in: 7200 }));
let answer: Answer = issue;

const ACCOUNT = {
  appId: "wx00aa11bb22cc33dd",
  name: "Real, own origin",
  appSecret: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
  token: "WeChatToken2026xyz",
  mode: "plain",
};

before(async () => {
  peer = await startApiPeer((req, res) => answer(req, res));
  elsewhere = await startApiPeer(issue);
  guarded = await startApp();
  allowing = await startApp({ ...LOOPBACK_PEERS_ENV });
  ({ admin } = await createApiTokens({ admin: "admin" }));
  const created = await api(allowing.baseUrl, admin, "/api/accounts", {
    method: "POST",
    body: JSON.stringify({ ...ACCOUNT, apiBase: peer.base }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  accountId = created.body.id;
});

after(async () => {
  await guarded?.stop();
  await allowing?.stop();
  await peer?.close();
  await elsewhere?.close();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

beforeEach(async () => {
  answer = issue;
  // A cached token would answer a check without calling the origin.
  await query(guarded.databaseUrl, "DELETE FROM access_tokens");
});

const check = (app: RunningApp) => api(app.baseUrl, admin, `/api/accounts/${accountId}/check`, { method: "POST" });

async function healthy(app: RunningApp) {
  const res = await fetch(`${app.baseUrl}/api/health`);
  assert.equal(res.status, 200);
}

test("saving an origin on a loopback, private or link-local address, in any spelling, is a 400 on apiBase", async () => {
  const forms = [
    "http://127.0.0.1:8080",
    "http://0x7f000001",
    "http://2130706433",
    "http://127.1",
    "http://0177.0.0.1",
    "http://[::1]",
    "http://[::ffff:127.0.0.1]",
    "http://localhost:3000",
    "http://169.254.169.254",
    "http://10.0.0.8",
    "http://192.168.1.1",
    "http://[fd00::1]",
    "http://0.0.0.0",
  ];
  for (const apiBase of forms) {
    const patched = await api(guarded.baseUrl, admin, `/api/accounts/${accountId}`, {
      method: "PATCH",
      body: JSON.stringify({ apiBase }),
    });
    assert.equal(patched.status, 400, `${apiBase}: ${JSON.stringify(patched.body)}`);
    assert.equal(patched.body.error.code, "api_base_refused");
    assert.equal(patched.body.error.field, "apiBase");
    assert.match(patched.body.error.message, /is an? (loopback|private|link-local|unique-local|unspecified) address/);
    assert.match(patched.body.error.message, /OUTBOUND_ALLOWED_NETWORKS/);
    const posted = await api(guarded.baseUrl, admin, "/api/accounts", {
      method: "POST",
      body: JSON.stringify({ ...ACCOUNT, appId: "wx99aa11bb22cc33dd", apiBase }),
    });
    assert.equal(posted.status, 400, `${apiBase} (new account)`);
  }
  const [row] = await query<{ api_base: string; n: number }>(
    guarded.databaseUrl,
    "SELECT api_base, (SELECT count(*)::int FROM accounts WHERE app_id = 'wx99aa11bb22cc33dd') AS n FROM accounts WHERE id = $1",
    [accountId],
  );
  assert.deepEqual(row, { api_base: peer.base, n: 0 }, "nothing was saved");
  // Allowed by the operator: accepted where the allowance is configured.
  const allowed = await api(allowing.baseUrl, admin, `/api/accounts/${accountId}`, {
    method: "PATCH",
    body: JSON.stringify({ apiBase: peer.base }),
  });
  assert.equal(allowed.status, 200);
});

test("the guard is at connection time: an origin stored or allowed elsewhere is refused when called, nothing reaches it", async () => {
  const ok = await check(allowing);
  assert.equal(ok.body.ok, true, JSON.stringify(ok.body));
  assert.equal(peer.hits(), 1);

  await query(guarded.databaseUrl, "DELETE FROM access_tokens");
  const refused = await check(guarded);
  assert.equal(refused.status, 200);
  assert.equal(refused.body.ok, false);
  assert.equal(refused.body.problem, "network");
  assert.match(refused.body.message, /refused to connect to 127\.0\.0\.1: 127\.0\.0\.1 is a loopback address/);
  const code = await api(guarded.baseUrl, admin, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ accountId, name: "n", channel: "c", kind: "permanent", sceneId: 5 }),
  });
  assert.equal(code.status, 502);
  assert.equal(code.body.error.code, "wechat_network");
  assert.equal(peer.hits(), 1, "the guarded instance never connected");

  // A name that resolves to loopback (as a rebinding name would at call time) is refused the same way.
  await query(guarded.databaseUrl, "UPDATE accounts SET api_base = $1 WHERE id = $2", [
    peer.base.replace("127.0.0.1", "localhost"),
    accountId,
  ]);
  const byName = await check(guarded);
  assert.match(byName.body.message, /refused to connect to (127\.0\.0\.1|::1) \(localhost\)/);
  assert.equal(peer.hits(), 1);
  await query(guarded.databaseUrl, "UPDATE accounts SET api_base = $1 WHERE id = $2", [peer.base, accountId]);
});

test("a redirect is an error that says so; its target is never asked, the AppSecret never posted there", async () => {
  answer = (_req, res) => res.writeHead(307, { location: `${elsewhere.base}/cgi-bin/stable_token` }).end();
  const redirected = await check(allowing);
  assert.equal(redirected.body.ok, false);
  assert.equal(redirected.body.problem, "network");
  assert.match(redirected.body.message, /answered HTTP 307, a redirect, which is not followed/);
  assert.equal(elsewhere.hits(), 0);
});

test("a 300 MB answer is cut off at 1 MB and the server keeps answering", async () => {
  let written = 0;
  answer = (_req, res) => {
    const chunk = Buffer.alloc(64 * 1024, "{");
    res.writeHead(200, { "content-type": "application/json" });
    const pump = () => {
      while (written < 300 * 1024 * 1024 && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  };
  const started = Date.now();
  const big = await check(allowing);
  assert.equal(big.body.ok, false);
  assert.match(big.body.message, /the answer is larger than 1048576 bytes/);
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  assert.ok(written < 64 * 1024 * 1024, `only ${written} bytes were sent before the connection was closed`);
  await healthy(allowing);
});

test("nothing the origin sends is quoted back: its status, that it is not JSON, or WeChat's own words for its errcode", async () => {
  const secret = "INTERNAL-ONLY-7c1e";
  const answers: [number, string, RegExp][] = [
    [200, `{"errcode":40125,"errmsg":"${secret}"}`, /AppID\/AppSecret wrong.*errcode 40125: invalid appsecret/],
    [200, `{"errcode":12345,"errmsg":"${secret}"}`, /errcode 12345/],
    [500, `<pre>${secret}</pre>`, /HTTP 500/],
    [200, `<pre>${secret}</pre>`, /not JSON/],
  ];
  for (const [status, body, expected] of answers) {
    answer = (_req, res) => res.writeHead(status, { "content-type": "application/json" }).end(body);
    const res = await check(allowing);
    assert.equal(res.body.ok, false);
    assert.match(res.body.message, expected, body);
    assert.doesNotMatch(JSON.stringify(res.body), new RegExp(secret), body);
  }
});
