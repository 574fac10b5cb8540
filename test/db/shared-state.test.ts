import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { freshDatabase, query } from "../helpers/database";

let stableTokenCalls = 0;
let server: http.Server;
let apiBase = "";

before(async () => {
  process.env.DATABASE_URL = await freshDatabase();
  process.env.ENCRYPTION_KEY = "test-key";
  // A WeChat stand-in that is slow to issue tokens, so concurrent refreshes would overlap.
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url?.startsWith("/cgi-bin/stable_token")) {
        stableTokenCalls++;
        setTimeout(() => res.end(JSON.stringify({ access_token: `token-${stableTokenCalls}`, expires_in: 7200 })), 150);
      } else res.end(JSON.stringify({ errcode: 40001, errmsg: "unexpected" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

test("instances sharing the database fetch one token between them, stored encrypted", async () => {
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { accessTokenStore } = await import("@/lib/db/access-tokens");
  const { WeChatApiClient } = await import("@/lib/wechat");
  const account = await upsertAccount({ appId: "wx_tokens", name: "t", appSecret: "s", token: "t", apiBase });
  // Separate client objects stand for separate app instances; only the database is shared.
  const instances = Array.from(
    { length: 5 },
    () => new WeChatApiClient({ apiBase, appId: account.appId, appSecret: "s", tokens: accessTokenStore(account.id) }),
  );
  const tokens = await Promise.all(instances.map((client) => client.getAccessToken()));
  assert.deepEqual(new Set(tokens), new Set(["token-1"]));
  assert.equal(stableTokenCalls, 1);

  const [row] = await query<{ token_enc: string; expires_at: Date }>(
    process.env.DATABASE_URL!,
    "SELECT token_enc, expires_at FROM access_tokens WHERE account_id = $1",
    [account.id],
  );
  assert.doesNotMatch(row.token_enc, /token-1/);
  assert.ok(Math.abs(row.expires_at.getTime() - (Date.now() + 7200_000)) < 60_000);

  // Near expiry, the next caller refreshes once more; the others reuse its token.
  await query(
    process.env.DATABASE_URL!,
    "UPDATE access_tokens SET expires_at = now() + interval '1 minute' WHERE account_id = $1",
    [account.id],
  );
  const renewed = await Promise.all(instances.map((client) => client.getAccessToken()));
  assert.deepEqual(new Set(renewed), new Set(["token-2"]));
  assert.equal(stableTokenCalls, 2);
});

test("old de-duplication keys are pruned, recent ones kept", async () => {
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { pruneProcessedMessages } = await import("@/lib/db/events");
  const account = await upsertAccount({ appId: "wx_prune", name: "p", appSecret: "s", token: "t" });
  const url = process.env.DATABASE_URL!;
  await query(
    url,
    `INSERT INTO processed_messages (account_id, dedup_key, reply_xml, received_at) VALUES ($1, 'old', 'success', now() - interval '3 days'), ($1, 'new', 'success', now())`,
    [account.id],
  );
  assert.equal(await pruneProcessedMessages(), 1);
  const keys = await query<{ dedup_key: string }>(url, "SELECT dedup_key FROM processed_messages WHERE account_id = $1", [
    account.id,
  ]);
  assert.deepEqual(
    keys.map((k) => k.dedup_key),
    ["new"],
  );
});
