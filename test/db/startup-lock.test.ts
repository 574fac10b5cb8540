import { test } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, query } from "../helpers/database";

test("instances starting together seed the first admin and sandbox account once", async () => {
  process.env.DATABASE_URL = await freshDatabase();
  process.env.ENCRYPTION_KEY = "test-key";
  process.env.ADMIN_PASSWORD = "a-long-enough-password";
  const { withDatabaseLock } = await import("@/lib/runtime/startup-lock");
  const { bootstrap } = await import("@/lib/bootstrap");
  const { disconnect } = await import("@/lib/db/client");
  try {
    await Promise.all(Array.from({ length: 3 }, () => withDatabaseLock(process.env.DATABASE_URL!, () => bootstrap(() => {}))));
    const [counts] = await query<{ admins: number; accounts: number }>(
      process.env.DATABASE_URL!,
      "SELECT (SELECT count(*) FROM users WHERE role = 'admin')::int AS admins, (SELECT count(*) FROM accounts)::int AS accounts",
    );
    assert.deepEqual(counts, { admins: 1, accounts: 1 });
  } finally {
    await disconnect();
  }
});
