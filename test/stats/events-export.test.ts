import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import type { RunningApp } from "../helpers/app";

// The raw export streams page by page through a cursor: every row, in order, and its count first.

let app: RunningApp;
let analyst = "";
let accountId = 0;
const ROWS = 5_001; // more than two of the cursor's pages

before(async () => {
  ({
    app,
    tokens: { analyst },
  } = await startAppWithTokens({ analyst: "analyst" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  accountId = (await upsertAccount({ appId: "wx_export", name: "export", appSecret: "s", token: "t" })).id;
  await query(app.databaseUrl, "INSERT INTO channels (account_id, name) VALUES ($1, '地铁')", [accountId]);
  await query(
    app.databaseUrl,
    "INSERT INTO qr_codes (account_id, channel_id, name, kind, scene_id, status) SELECT $1, id, '=A口', 'permanent', 1, 'active' FROM channels WHERE account_id = $1",
    [accountId],
  );
  await query(
    app.databaseUrl,
    `INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at)
     SELECT $1, q.id, 'scan', 'o' || i, '1', '2026-03-02T00:00:00+08:00'::timestamptz + i * interval '1 second'
       FROM qr_codes q, generate_series(1, ${ROWS}) i WHERE q.account_id = $1`,
    [accountId],
  );
});

after(() => stopApp(app));

test("GET /api/events streams every row in order, with the row count in x-total-rows", async () => {
  const res = await fetch(`${app.baseUrl}/api/events?accountId=${accountId}&from=2026-03-02&to=2026-03-02&lang=en`, {
    headers: { authorization: `Bearer ${analyst}` },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-total-rows"), String(ROWS));
  assert.equal(res.headers.get("content-length"), null, "streamed, not built first");
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM, for Excel");
  const text = bytes.subarray(3).toString("utf8");
  assert.ok(text.startsWith("Time (Asia/Shanghai),Event,openid,"), text.slice(0, 80));
  const lines = text.trimEnd().split("\r\n").slice(1);
  assert.equal(lines.length, ROWS);
  assert.deepEqual(lines.map((l) => l.split(",")[2]).slice(0, 3), ["o1", "o2", "o3"]);
  assert.equal(lines.at(-1)!.split(",")[2], `o${ROWS}`);
  assert.ok(
    lines.every((l) => l.includes(",'=A口,")),
    "formula-looking names are neutralised in every page",
  );
});
