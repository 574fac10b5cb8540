import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { seedActiveCode } from "../helpers/seed";
import { query } from "../helpers/database";

// Request bodies are read through one bounded reader (issue 8, defect 4): 2 MB to any route that
// reads a body, signed in or not, is a 413 before any work, and the server keeps answering.

let app: RunningApp;
let tokens: Record<"admin" | "marketer", string>;
let codeId = 0;
const TWO_MB = 2 * 1024 * 1024;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ admin: "admin", marketer: "marketer" }));
  const [account] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
  codeId = await seedActiveCode({ accountId: account.id, channel: "c", name: "renewable", kind: "temporary", sceneId: 77 });
});

after(() => stopApp(app));

/** A body of `size` bytes, sent with a Content-Length or, chunked, without one. */
function body(size: number, chunked: boolean): BodyInit {
  if (!chunked) return "x".repeat(size);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x78));
      sent += 64 * 1024;
    },
  });
}

async function post(path: string, chunked: boolean, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(`${app.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body(TWO_MB, chunked),
    ...(chunked ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await res.text();
  const health = await fetch(`${app.baseUrl}/api/health`);
  assert.equal(health.status, 200, `the server still answers after ${path}`);
  return { status: res.status, json: JSON.parse(text), ms: Date.now() - started };
}

test("2 MB to the sandbox's stable_token and qrcode/create: 413 with WeChat's 45002, nothing read further", async () => {
  const [{ n: before }] = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tokens");
  for (const chunked of [false, true]) {
    for (const path of ["/api/sandbox/cgi-bin/stable_token", "/api/sandbox/cgi-bin/qrcode/create?access_token=sbxS_x"]) {
      const res = await post(path, chunked);
      assert.equal(res.status, 413, `${path}${chunked ? " (chunked)" : ""}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.errcode, 45002);
      assert.match(res.json.errmsg, /^content size out of limit rid: /);
    }
  }
  const [{ n: after }] = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tokens");
  assert.equal(after, before);
});

test("2 MB to renew, the sandbox's faults, an account and the sign-in form: 413 too_large", async () => {
  const cases: [string, Record<string, string>][] = [
    [`/api/qrcodes/${codeId}/renew`, { authorization: `Bearer ${tokens.marketer}` }],
    ["/api/sandbox/faults", { authorization: `Bearer ${tokens.admin}` }],
    ["/api/accounts", { authorization: `Bearer ${tokens.admin}` }],
    ["/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded" }],
  ];
  for (const chunked of [false, true]) {
    for (const [path, headers] of cases) {
      const res = await post(path, chunked, headers);
      assert.equal(res.status, 413, `${path}${chunked ? " (chunked)" : ""}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.error.code, "too_large");
      assert.match(res.json.error.message, /larger than \d+ bytes/);
    }
  }
  // Within the limit, renew still reads its (optional) body.
  const small = await fetch(`${app.baseUrl}/api/qrcodes/${codeId}/renew`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.marketer}`, "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(small.status, 400);
  assert.equal((await small.json()).error.code, "invalid_json");
});
