import { test } from "node:test";
import assert from "node:assert/strict";
import { BUSY_RETRIES, fetchWhenNotBusy } from "@/lib/client/download";

// The dashboard's downloads (ZIP, SVG) when the server is busy rendering (issue 8, defect 7).

function answering(...statuses: number[]) {
  const asked: string[] = [];
  globalThis.fetch = (async (path: string) => {
    asked.push(path);
    const status = statuses.shift() ?? 200;
    return new Response(status === 429 ? '{"error":{"code":"busy","message":"busy"}}' : "zip", {
      status,
      headers: status === 429 ? { "retry-after": "2" } : {},
    });
  }) as typeof fetch;
  return asked;
}

test("a 429 is tried again after its Retry-After, then the file arrives", async () => {
  const asked = answering(429, 429, 200);
  const waits: number[] = [];
  const res = await fetchWhenNotBusy("/api/qrcodes/zip?ids=1", async (s) => void waits.push(s));
  assert.equal(res.status, 200);
  assert.equal(asked.length, 3);
  assert.deepEqual(waits, [2, 2]);
});

test("still busy after the last attempt: the 429 is handed back for its message", async () => {
  answering(429, 429, 429, 429);
  const waits: number[] = [];
  const res = await fetchWhenNotBusy("/x", async (s) => void waits.push(s));
  assert.equal(res.status, 429);
  assert.equal(waits.length, BUSY_RETRIES.attempts - 1);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "busy");
});
