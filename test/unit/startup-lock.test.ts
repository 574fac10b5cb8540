import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, utimesSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withDirectoryLock } from "@/lib/runtime/startup-lock";

test("starts sharing a checkout build one at a time; a stale lock is taken over", async () => {
  const lock = path.join(mkdtempSync(path.join(tmpdir(), "lock-")), "build.lock");
  const order: string[] = [];
  const job = (name: string) =>
    withDirectoryLock(lock, async () => {
      order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 300));
      order.push(`${name}:end`);
    });
  await Promise.all([job("a"), job("b")]);
  assert.deepEqual(
    order.map((e) => e.split(":")[1]),
    ["start", "end", "start", "end"],
  );
  assert.equal(existsSync(lock), false);

  mkdirSync(lock);
  const old = new Date(Date.now() - 60 * 60_000);
  utimesSync(lock, old, old);
  assert.equal(await withDirectoryLock(lock, () => "ran", 10 * 60_000), "ran");
});
