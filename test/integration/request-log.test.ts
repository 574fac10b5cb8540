import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";

let app: RunningApp;
before(async () => {
  app = await startApp({ LOG_LEVEL: "info" });
});
after(() => stopApp(app));

type Line = { level: number; time: number; msg: string; reqId?: string; path?: string; status?: number; method?: string };

/** The log lines written since `from`, each of which must be one JSON object. */
async function linesSince(from: number): Promise<Line[]> {
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the log flush
  const text = app.output().slice(from).trim();
  return text ? text.split("\n").map((line) => JSON.parse(line) as Line) : [];
}

test("every request is one JSON line with its request id, the path without its query, the status and no stack", async () => {
  const from = app.output().length;
  const health = await fetch(`${app.baseUrl}/api/health`, { headers: { "x-request-id": "probe-42" } });
  assert.equal(health.headers.get("x-request-id"), "probe-42");
  const refused = await fetch(`${app.baseUrl}/api/qrcodes`);
  assert.equal(refused.status, 401);
  const minted = refused.headers.get("x-request-id") ?? "";
  assert.match(minted, /^[0-9a-f-]{36}$/);
  const secret = "hunter2-not-a-real-secret";
  await fetch(`${app.baseUrl}/api/sandbox/cgi-bin/token?grant_type=client_credential&appid=wx0&secret=${secret}`);
  await fetch(`${app.baseUrl}/api/qrcodes/1`, { headers: { "x-request-id": "<script>" } });

  const lines = await linesSince(from);
  const requests = lines.filter((line) => line.msg === "request");
  const healthLine = requests.find((line) => line.reqId === "probe-42");
  assert.deepEqual(
    { method: healthLine?.method, path: healthLine?.path, status: healthLine?.status },
    { method: "GET", path: "/api/health", status: 200 },
  );
  assert.equal(requests.find((line) => line.reqId === minted)?.status, 401);
  assert.ok(
    requests.some((line) => line.path === "/api/sandbox/cgi-bin/token"),
    "the sandbox request is logged",
  );
  assert.ok(!requests.some((line) => line.reqId === "<script>"), "an id that is not a plain token is replaced");
  const raw = app.output().slice(from);
  assert.ok(!raw.includes(secret), "a query string never reaches the log");
  assert.ok(!/\n\s+at /.test(raw), "no stack trace for client errors");
});
