import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { today } from "../helpers/dates";
import { scanBindingTicket } from "../helpers/binding-scan";
import { SIGN_IN_REPLY_TEXT } from "@/lib/bindings/sign-in";

// Issue 9, point 1: scan-to-follow sign-in through real HTTP against the built app; scans come from
// the sandbox's simulator, signed and delivered to the webhook as WeChat delivers them.

let app: RunningApp;
let tokens: Record<"admin" | "marketer" | "operator" | "analyst" | "integration", string>;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({
    admin: "a",
    marketer: "m",
    operator: "o",
    analyst: "n",
    integration: "website",
  }));
});
after(() => stopApp(app));

const create = (body: unknown = {}, token = tokens.integration) =>
  api(app.baseUrl, token, "/api/bindings", { method: "POST", body: JSON.stringify(body) });
const read = (id: string, query = "") => api(app.baseUrl, tokens.integration, `/api/bindings/${id}${query}`);

test("a binding: created with a fresh code, resolved by the scan with the sign-in reply, handed out once", async () => {
  const made = await create({ state: "session-42" });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const binding = made.body;
  assert.match(binding.id, /^bnd_[A-Za-z0-9_-]{22}$/);
  assert.equal(binding.status, "pending");
  assert.equal(binding.state, "session-42");
  const lifetime = Date.parse(binding.expiresAt) - Date.now();
  assert.ok(lifetime > 290_000 && lifetime <= 300_000, `expires in 5 minutes by default, got ${lifetime} ms`);
  assert.ok(binding.url && binding.ticket);

  // the image needs no credentials: the website's visitor's browser loads it
  const image = await fetch(binding.imageUrl);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get("content-type"), "image/png");

  assert.deepEqual((await read(binding.id)).body.status, "pending");

  const scan = await scanBindingTicket(binding.ticket, "o_visitor_1");
  assert.equal(scan.status, 200);
  assert.ok(typeof scan.reply === "object" && scan.reply.Content === SIGN_IN_REPLY_TEXT, JSON.stringify(scan.reply));

  const resolved = await read(binding.id);
  assert.equal(resolved.status, 200);
  assert.equal(resolved.body.status, "resolved");
  assert.equal(resolved.body.openid, "o_visitor_1");
  assert.equal(resolved.body.followed, "new");
  assert.equal(resolved.body.state, "session-42");
  assert.ok(Math.abs(Date.parse(resolved.body.scannedAt) - Date.now()) < 10_000);

  // handed out once: a replay of the read is refused, and a second scan changes nothing
  const again = await read(binding.id);
  assert.equal(again.status, 410);
  assert.equal(again.body.error.code, "binding_used");
  await scanBindingTicket(binding.ticket, "o_visitor_2", true);
  const [row] = await query(app.databaseUrl, "SELECT openid, followed FROM bindings WHERE id = $1", [binding.id]);
  assert.deepEqual(row, { openid: "o_visitor_1", followed: true });
  assert.equal((await fetch(binding.imageUrl)).status, 404, "a used binding's code is not shown any more");
});

test("a long poll answers within a second of the scan", async () => {
  const { body: binding } = await create();
  const started = Date.now();
  const waiting = read(binding.id, "?wait=20");
  await new Promise((r) => setTimeout(r, 1500));
  const scan = await scanBindingTicket(binding.ticket, "o_poller", true);
  const scanned = Date.now();
  const answer = await waiting;
  const late = Date.now() - scanned;
  assert.equal(scan.status, 200);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.openid, "o_poller");
  assert.equal(answer.body.followed, "existing");
  assert.ok(late < 1000, `answered ${late} ms after the scan`);
  assert.ok(scanned - started >= 1500, "the poll was held until the scan");
});

test("a long poll of an unscanned code answers pending when its wait is over", async () => {
  const { body: binding } = await create();
  const started = Date.now();
  const answer = await read(binding.id, "?wait=1");
  assert.equal(answer.status, 200);
  assert.equal(answer.body.status, "pending");
  assert.ok(Date.now() - started >= 900);
});

test("Server-Sent Events: keep waiting, then `event: resolved` with the scan, then the stream ends", async () => {
  const { body: binding } = await create({ channel: "官网" });
  const res = await fetch(`${app.baseUrl}/api/bindings/${binding.id}`, {
    headers: { authorization: `Bearer ${tokens.integration}`, accept: "text/event-stream" },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const first = await reader.read();
  text += decoder.decode(first.value);
  assert.match(text, /waiting for the scan/, "the stream starts at once");
  const scanned = scanBindingTicket(binding.ticket, "o_streamed");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  assert.equal((await scanned).status, 200);
  const event = /event: resolved\ndata: (.*)\n\n/.exec(text);
  assert.ok(event, text);
  const data = JSON.parse(event[1]);
  assert.equal(data.openid, "o_streamed");
  assert.equal(data.followed, "new");

  // the scan counts for the binding's channel like any code's
  const stats = await api(app.baseUrl, tokens.analyst, `/api/stats?from=${today()}&to=${today()}&groupBy=channel`);
  const channel = stats.body.rows.find((r: { label?: string; name?: string }) => (r.label ?? r.name) === "官网");
  assert.ok(channel, JSON.stringify(stats.body.rows));
  assert.equal(channel.scans, 1);
  assert.equal(channel.newFollows, 1);
});

test("an expired binding says so (410), as JSON and before any event stream", async () => {
  const { body: binding } = await create({ expireSeconds: 60 });
  await query(app.databaseUrl, "UPDATE bindings SET expires_at = now() - interval '1 second' WHERE id = $1", [binding.id]);
  const answer = await read(binding.id);
  assert.equal(answer.status, 410);
  assert.equal(answer.body.error.code, "binding_expired");
  const stream = await fetch(`${app.baseUrl}/api/bindings/${binding.id}`, {
    headers: { authorization: `Bearer ${tokens.integration}`, accept: "text/event-stream" },
  });
  assert.equal(stream.status, 410);
  assert.equal((await fetch(binding.imageUrl)).status, 404);
  assert.equal((await read("bnd_AAAAAAAAAAAAAAAAAAAAAA")).status, 404);
});

test("every input is checked: a 400 naming the field, and nothing is created", async () => {
  const before = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM bindings");
  const cases: [unknown, string][] = [
    [{ state: "x".repeat(129) }, "state"],
    [{ state: 42 }, "state"],
    [{ expireSeconds: 59 }, "expireSeconds"],
    [{ expireSeconds: 1801 }, "expireSeconds"],
    [{ expireSeconds: 90.5 }, "expireSeconds"],
    [{ channel: "  " }, "channel"],
    [{ channel: "x".repeat(101) }, "channel"],
    [{ accountId: 0 }, "accountId"],
    [{ state: "a\u0000b" }, "state"],
  ];
  for (const [body, field] of cases) {
    const answer = await create(body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.error.field, field, JSON.stringify(answer.body));
  }
  assert.equal((await create({ surprise: true })).status, 400);
  assert.equal((await create({ accountId: 999_999 })).status, 404);
  const { body: binding } = await create();
  for (const wait of ["61", "-1", "abc"]) {
    const answer = await read(binding.id, `?wait=${wait}`);
    assert.equal(answer.status, 400, wait);
    assert.equal(answer.body.error.field, "wait");
  }
  const badId = await read("123");
  assert.equal(badId.status, 400);
  assert.equal(badId.body.error.field, "id");
  const after = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM bindings");
  assert.equal(after[0].n, before[0].n + 1, "only the valid binding was stored");
});

test("the integration role may create and read bindings and nothing else; users never have it", async () => {
  for (const path of ["/api/qrcodes", "/api/stats", "/api/channels", "/api/accounts", "/api/events"])
    assert.equal((await api(app.baseUrl, tokens.integration, path)).status, 403, path);
  const code = await api(app.baseUrl, tokens.integration, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name: "x", channel: "x", kind: "temporary" }),
  });
  assert.equal(code.status, 403);
  assert.equal((await create({}, tokens.marketer)).status, 403, "a marketer's token may not create bindings");
  assert.equal((await create({}, tokens.admin)).status, 201, "admin may do everything");

  const user = await api(app.baseUrl, tokens.admin, "/api/users", {
    method: "POST",
    body: JSON.stringify({ email: "site@example.com", role: "integration", password: "a-long-password" }),
  });
  assert.equal(user.status, 400);
  assert.equal(user.body.error.field, "role");
  const token = await api(app.baseUrl, tokens.admin, "/api/tokens", {
    method: "POST",
    body: JSON.stringify({ name: "another website", role: "integration" }),
  });
  assert.equal(token.status, 201);
});

test("a burst of 300 bindings at once: all created, all scenes distinct, one sign-in code, the webhook's cache untouched", async () => {
  await create({ channel: "活动页" }); // the channel's sign-in code exists from here on
  const [versionBefore] = await query(app.databaseUrl, "SELECT version::text FROM config_version");
  const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => create({ channel: "活动页", state: `s${i}` })));
  const statuses: Record<number, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  assert.deepEqual(statuses, { 201: 300 }, JSON.stringify(answers.find((a) => a.status !== 201)?.body));
  const ids = answers.map((a) => a.body.id);
  assert.equal(new Set(ids).size, 300);
  const rows = await query<{ scene: string; qr_code_id: number }>(
    app.databaseUrl,
    "SELECT scene, qr_code_id FROM bindings WHERE id = ANY($1::text[])",
    [ids],
  );
  assert.equal(new Set(rows.map((r) => r.scene)).size, 300);
  assert.equal(new Set(rows.map((r) => r.qr_code_id)).size, 1);
  const [versionAfter] = await query(app.databaseUrl, "SELECT version::text FROM config_version");
  assert.equal(versionAfter.version, versionBefore.version, "no binding bumped the configuration version");

  // the first bindings of a new channel, all at once, make one sign-in code between them
  const first = await Promise.all(Array.from({ length: 20 }, () => create({ channel: "新渠道" })));
  assert.ok(first.every((a) => a.status === 201));
  const codes = await query(
    app.databaseUrl,
    "SELECT q.id FROM qr_codes q JOIN channels c ON c.id = q.channel_id WHERE q.sign_in AND c.name = '新渠道'",
  );
  assert.equal(codes.length, 1);
});

test("the sign-in code's reply is edited like any code's, and the next scanner gets the new one", async () => {
  const { body: first } = await create({ channel: "小程序" });
  const [row] = await query<{ qr_code_id: number }>(app.databaseUrl, "SELECT qr_code_id FROM bindings WHERE id = $1", [first.id]);
  const code = await api(app.baseUrl, tokens.admin, `/api/qrcodes/${row.qr_code_id}`);
  assert.equal(code.status, 200);
  assert.equal(code.body.signIn, true);
  assert.equal(code.body.channel, "小程序");
  assert.deepEqual(code.body.reply, { type: "text", content: SIGN_IN_REPLY_TEXT });
  const edited = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${row.qr_code_id}/reply`, {
    method: "PUT",
    body: JSON.stringify({ type: "text", content: "欢迎回来 / welcome back" }),
  });
  assert.equal(edited.status, 200);
  const { body: second } = await create({ channel: "小程序" });
  const scan = await scanBindingTicket(second.ticket, "o_returning", true);
  assert.ok(typeof scan.reply === "object" && scan.reply.Content === "欢迎回来 / welcome back", JSON.stringify(scan.reply));
});

test("WeChat's retry of a scan whose binding was not resolved (a crash after the events' commit) resolves it", async () => {
  const { findDefaultAccount } = await import("@/lib/db/accounts");
  const { buildEventXml, buildPush } = await import("@/lib/wechat");
  const account = (await findDefaultAccount())!;
  const keys = { appId: account.appId, token: account.token, encodingAesKey: account.encodingAesKey, mode: account.mode };
  const { body: binding } = await create();
  const [{ scene }] = await query<{ scene: string }>(app.databaseUrl, "SELECT scene FROM bindings WHERE id = $1", [binding.id]);
  const xml = buildEventXml({
    toUser: account.originalId,
    fromUser: "o_retried",
    createTime: Math.floor(Date.now() / 1000),
    event: "subscribe",
    eventKey: `qrscene_${scene}`,
    ticket: binding.ticket,
  });
  const deliver = async () => {
    const push = buildPush(keys, xml);
    return (await fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${push.query}`, { method: "POST", body: push.body })).status;
  };
  assert.equal(await deliver(), 200);
  // as if the instance died between recording the events and resolving the binding
  await query(app.databaseUrl, "UPDATE bindings SET openid = NULL, followed = NULL, scanned_at = NULL WHERE id = $1", [
    binding.id,
  ]);
  assert.equal(await deliver(), 200, "WeChat's retry");
  const resolved = await read(binding.id);
  assert.equal(resolved.body.openid, "o_retried");
  assert.equal(resolved.body.followed, "new");
  const [events] = await query<{ n: number }>(
    app.databaseUrl,
    "SELECT count(*)::int AS n FROM events WHERE openid = 'o_retried'",
  );
  assert.equal(events.n, 1, "the retry was not recorded twice");
});

test("a second instance's waiter learns of a scan the first instance recorded, within a second", async (t) => {
  const { startApp } = await import("../helpers/app");
  const other = await startApp({ DATABASE_URL: app.databaseUrl });
  t.after(() => other.stop());
  const { body: binding } = await create();
  const waiting = api(other.baseUrl, tokens.integration, `/api/bindings/${binding.id}?wait=20`);
  await new Promise((r) => setTimeout(r, 1000));
  const scan = await scanBindingTicket(binding.ticket, "o_elsewhere", false, `${app.baseUrl}`);
  const scanned = Date.now();
  const answer = await waiting;
  assert.equal(scan.status, 200);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.openid, "o_elsewhere");
  assert.ok(Date.now() - scanned < 1000, `answered ${Date.now() - scanned} ms after the scan`);
});
