import { test } from "node:test";
import assert from "node:assert/strict";
import { GroupCommit, OverloadedError } from "@/lib/webhook/group-commit";

/** A write whose completion the test controls, recording the batches it was given. */
function controlledWrite() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  const write = (items: string[]) =>
    new Promise<(string | Error)[]>((resolve) => {
      batches.push(items);
      finish.push(() => resolve(items.map((i) => (i.startsWith("bad") ? new Error(`refused ${i}`) : `ok ${i}`))));
    });
  return { batches, finish, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("items arriving while a write is in flight are written together by the next write", async () => {
  const { batches, finish, write } = controlledWrite();
  const commit = new GroupCommit(write, { maxBatch: 100, writers: 1, maxWaiting: 100 });
  const first = commit.submit("a");
  const rest = ["b", "c", "d"].map((i) => commit.submit(i));
  await tick();
  assert.deepEqual(batches, [["a"]]);
  finish[0]();
  assert.equal(await first, "ok a");
  await tick();
  assert.deepEqual(batches, [["a"], ["b", "c", "d"]]);
  finish[1]();
  assert.deepEqual(await Promise.all(rest), ["ok b", "ok c", "ok d"]);
});

test("no caller is answered before its write is done; a failed item fails alone; a failed write fails its batch", async () => {
  const { batches, finish, write } = controlledWrite();
  const commit = new GroupCommit(write, { maxBatch: 100, writers: 2, maxWaiting: 100 });
  let answered = false;
  const good = commit.submit("good").then((r) => ((answered = true), r));
  const bad = commit.submit("bad-1");
  await tick();
  assert.deepEqual(batches, [["good"], ["bad-1"]], "two writers, one item each");
  assert.equal(answered, false);
  finish[1]();
  await assert.rejects(bad, /refused bad-1/);
  assert.equal(answered, false);
  finish[0]();
  assert.equal(await good, "ok good");

  const failing = new GroupCommit<string, string>(async () => Promise.reject(new Error("database down")), { maxBatch: 10, writers: 1, maxWaiting: 10 });
  const results = await Promise.allSettled([failing.submit("x"), failing.submit("y")]);
  assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
});

test("items with the same key never share a write, and keep their order", async () => {
  const { batches, finish, write } = controlledWrite();
  const commit = new GroupCommit(write, { maxBatch: 100, writers: 1, maxWaiting: 100, keyOf: (i) => i.split(":")[0] });
  const all = ["o1:1", "o1:2", "o2:1", "o1:3", "o3:1"].map((i) => commit.submit(i));
  await tick();
  finish[0]();
  await tick();
  finish[1]();
  await tick();
  finish[2]();
  await Promise.all(all);
  assert.deepEqual(batches, [["o1:1"], ["o1:2", "o2:1", "o3:1"], ["o1:3"]]);
});

test("batches are capped, and past the waiting limit new items are refused at once", async () => {
  const { batches, finish, write } = controlledWrite();
  const commit = new GroupCommit(write, { maxBatch: 2, writers: 1, maxWaiting: 2 }); // "a" is written at once, b and c wait
  const accepted = ["a", "b", "c"].map((i) => commit.submit(i));
  await assert.rejects(commit.submit("d"), OverloadedError);
  await tick();
  finish[0]();
  await tick();
  finish[1]();
  await Promise.all(accepted);
  assert.deepEqual(batches, [["a"], ["b", "c"]]);
});
