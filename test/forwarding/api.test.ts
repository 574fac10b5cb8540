import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api, LOOPBACK_PEERS_ENV } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { forwardReceiver } from "../helpers/forward-receiver";
import { verifyForward } from "@/lib/forwarding/signature";

// Issue 10, point 5, through the running app: the endpoints API (validation, the secret shown once,
// audit, the role wall) and "send test event" delivered by the app's own worker to a real receiver.

let app: RunningApp;
const tokens: Record<string, string> = {};
const receiver = await forwardReceiver();

before(async () => {
  app = await startApp({ ...LOOPBACK_PEERS_ENV });
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["admin", "marketer"] as const) tokens[role] = (await createApiToken({ role, name: `${role} test` })).token;
});

after(async () => {
  await app?.stop();
  await (await import("@/lib/db/client")).disconnect();
  await receiver.close();
});

const call = (path: string, method = "GET", body?: unknown, token = tokens.admin) =>
  api(app.baseUrl, token, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

test("an endpoint that cannot be saved is a 400 naming the field; only admins may manage endpoints", async () => {
  const refused = async (body: object, field: string, code?: string) => {
    const res = await call("/api/forwarding/endpoints", "POST", body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    if (code) assert.equal(res.body.error.code, code);
  };
  await refused({}, "url");
  await refused({ url: "ftp://crm.example.com/x" }, "url");
  await refused({ url: "http://8.8.8.8/hook" }, "url", "url_not_https");
  await refused({ url: "https://10.1.2.3/hook" }, "url", "url_refused");
  await refused({ url: receiver.url(), qrCodeIds: [999_999] }, "qrCodeIds", "unknown_code");
  await refused({ url: receiver.url(), accountId: 999_999 }, "accountId", "unknown_account");
  const own = await call("/api/forwarding/endpoints", "POST", { url: receiver.url(), secret: "mine" });
  assert.equal(own.status, 400, "the secret is always drawn by Qudao");
  assert.match(own.body.error.message, /secret/);
  assert.equal((await call("/api/forwarding/endpoints", "POST", { url: receiver.url() }, tokens.marketer)).status, 403);
  assert.equal((await call("/api/forwarding/endpoints", "GET", undefined, tokens.marketer)).status, 403);
  assert.equal((await call("/api/forwarding/endpoints/1", "PATCH", { enabled: "yes" })).body.error.field, "enabled");
});

test("the secret is shown once; a test event arrives signed with it and shows in the delivery log; changes are audited", async () => {
  const created = await call("/api/forwarding/endpoints", "POST", { url: receiver.url("/crm"), description: "CRM" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { secret, record } = created.body;
  assert.match(secret, /^whsec_/);
  const list = await call("/api/forwarding/endpoints");
  assert.equal(list.body.items.length, 1);
  assert.ok(!JSON.stringify(list.body).includes(secret), "never listed");
  const [row] = await query<{ secret_enc: string }>(app.databaseUrl, "SELECT secret_enc FROM forward_endpoints");
  assert.ok(!row.secret_enc.includes(secret), "stored encrypted");

  const sent = await call(`/api/forwarding/endpoints/${record.id}/test`, "POST");
  assert.equal(sent.status, 202);
  const deadline = Date.now() + 10_000;
  while (!receiver.received.some((r) => r.headers["x-qudao-event-id"] === sent.body.id) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const got = receiver.received.find((r) => r.headers["x-qudao-event-id"] === sent.body.id);
  assert.ok(got, "the test event arrived");
  assert.equal(got.path, "/crm");
  assert.equal(JSON.parse(got.body).type, "test");
  const headers = {
    timestamp: got.headers["x-qudao-timestamp"] as string,
    signature: got.headers["x-qudao-signature"] as string,
  };
  assert.equal(verifyForward(secret, headers, got.body), true);
  let log = await call(`/api/forwarding/endpoints/${record.id}/deliveries`);
  for (let i = 0; log.body.items.length === 0 && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    log = await call(`/api/forwarding/endpoints/${record.id}/deliveries`);
  }
  assert.deepEqual(
    log.body.items.map((d: any) => [d.payloadId, d.type, d.delivered, d.httpStatus, d.attempt]),
    [[sent.body.id, "test", true, 200, 1]],
  );

  const off = await call(`/api/forwarding/endpoints/${record.id}`, "PATCH", { enabled: false });
  assert.equal(off.body.enabled, false);
  assert.equal((await call(`/api/forwarding/endpoints/${record.id}`, "DELETE")).status, 200);
  assert.equal((await call(`/api/forwarding/endpoints/${record.id}/deliveries`)).status, 404);
  assert.equal((await call(`/api/forwarding/endpoints/${record.id}`, "DELETE")).status, 404);

  const audit = await query<{ action: string; after: object | null; before: object | null }>(
    app.databaseUrl,
    "SELECT action, after, before FROM audit_entries WHERE target_type = 'forward_endpoint' ORDER BY id",
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ["forward_endpoint.create", "forward_endpoint.update", "forward_endpoint.delete"],
  );
  assert.ok(!JSON.stringify(audit).includes(secret), "the secret never reaches the audit log");
});
