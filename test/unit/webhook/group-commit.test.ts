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
  const good = commit.submit("good").then((r) => {
    answered = true;
    return r;
  });
  const bad = commit.submit("bad-1");
  await tick();
  assert.deepEqual(batches, [["good"], ["bad-1"]], "two writers, one item each");
  assert.equal(answered, false);
  finish[1]();
  await assert.rejects(bad, /refused bad-1/);
  assert.equal(answered, false);
  finish[0]();
  assert.equal(await good, "ok good");

  const failing = new GroupCommit<string, string>(async () => Promise.reject(new Error("database down")), {
    maxBatch: 10,
    writers: 1,
    maxWaiting: 10,
  });
  const results = await Promise.allSettled([failing.submit("x"), failing.submit("y")]);
  assert.deepEqual(
    results.map((r) => r.status),
    ["rejected", "rejected"],
  );
});

test("items with the same key are written one after the other, in order, never in two writes at once", async () => {
  const inFlight: string[][] = [];
  const batches: string[][] = [];
  const write = async (items: string[]) => {
    const keys = items.map((i) => i.split(":")[0]);
    assert.equal(new Set(keys).size, keys.length, `one write, one item per key: ${items}`);
    for (const other of inFlight) assert.ok(!other.some((k) => keys.includes(k)), `${items} overlaps a write in flight`);
    inFlight.push(keys);
    batches.push(items);
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3));
    inFlight.splice(inFlight.indexOf(keys), 1);
    return items;
  };
  const commit = new GroupCommit(write, { maxBatch: 100, writers: 3, maxWaiting: 100, keyOf: (i) => i.split(":")[0] });
  const items = Array.from({ length: 60 }, (_, i) => `o${i % 4}:${i}`);
  assert.deepEqual(await Promise.all(items.map((i) => commit.submit(i))), items);
  for (const key of ["o0", "o1", "o2", "o3"]) {
    const order = batches.flat().filter((i) => i.startsWith(`${key}:`));
    assert.deepEqual(
      order,
      items.filter((i) => i.startsWith(`${key}:`)),
      `${key} in order`,
    );
  }
  assert.ok(
    batches.some((b) => b.length > 1),
    "items were grouped",
  );
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

test("idle() waits for every item submitted so far, the ones still waiting behind a write included", async () => {
  const { finish, write } = controlledWrite();
  const commit = new GroupCommit(write, { maxBatch: 100, writers: 1, maxWaiting: 100 });
  await commit.idle(); // nothing submitted: at once
  const items = ["a", "b", "c"].map((i) => commit.submit(i));
  let idle = false;
  const settled = commit.idle().then(() => (idle = true));
  await tick();
  finish[0]();
  await tick();
  assert.equal(idle, false, "b and c are still to be written");
  finish[1]();
  await settled;
  assert.deepEqual(await Promise.all(items), ["ok a", "ok b", "ok c"]);
});
