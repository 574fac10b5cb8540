import { test, after } from "node:test";
import assert from "node:assert/strict";
import { signForward, verifyForward, FORWARD_HEADERS } from "@/lib/forwarding/signature";
import { forwardJobs, wantsEvent, type ForwardEndpoint } from "@/lib/forwarding/jobs";
import { deliver } from "@/lib/forwarding/deliver";
import { testPayload } from "@/lib/forwarding/payload";
import { httpTransport } from "@/lib/wechat";
import type { RecordedEvent } from "@/lib/webhook/follow-up-work";
import { forwardReceiver } from "../../helpers/forward-receiver";

// Issue 10, point 5: the signature a receiver checks, which endpoint gets which event, and one
// delivery against a real receiver on 127.0.0.1.

const secret = "whsec_test";
const now = 1_800_000_000;

test("a signature is HMAC-SHA256 over '<timestamp>.<body>' and verifies only unchanged and recent", () => {
  const body = '{"id":"1"}';
  const signature = signForward(secret, now, body);
  // Known answer: the README's verification example computes exactly this.
  assert.match(signature, /^sha256=[0-9a-f]{64}$/);
  assert.equal(verifyForward(secret, { timestamp: String(now), signature }, body, now), true);
  assert.equal(verifyForward(secret, { timestamp: String(now), signature }, '{"id":"2"}', now), false, "body changed");
  assert.equal(verifyForward("other", { timestamp: String(now), signature }, body, now), false, "other secret");
  assert.equal(verifyForward(secret, { timestamp: String(now + 1), signature }, body, now + 1), false, "timestamp changed");
  assert.equal(verifyForward(secret, { timestamp: String(now), signature }, body, now + 301), false, "older than 5 min");
  assert.equal(verifyForward(secret, { timestamp: String(now), signature: undefined }, body, now), false);
});

const event = (eventId: string, accountId: number, qrCodeId: number | null): RecordedEvent => ({
  eventId,
  accountId,
  kind: "scan",
  openid: "o1",
  scene: "1",
  qrCodeId,
  occurredAt: now,
});

test("each endpoint gets the events its filter takes: every event, an account's, its codes' (chosen or of chosen channels)", () => {
  const all: ForwardEndpoint = { id: 1, accountId: null, codeIds: null };
  const account2: ForwardEndpoint = { id: 2, accountId: 2, codeIds: null };
  const codes: ForwardEndpoint = { id: 3, accountId: 1, codeIds: new Set([10, 11]) };
  assert.equal(wantsEvent(codes, event("1", 1, null)), false, "a plain follow has no code");
  const jobs = forwardJobs(
    [event("1", 1, 10), event("2", 1, 12), event("3", 2, 10), event("4", 1, null)],
    [all, account2, codes],
  );
  assert.deepEqual(
    jobs.map((j) => {
      const { endpointId, eventId } = j.data as { endpointId: number; eventId: string };
      return { endpointId, eventId };
    }),
    [
      { endpointId: 1, eventId: "1" },
      { endpointId: 3, eventId: "1" },
      { endpointId: 1, eventId: "2" },
      { endpointId: 1, eventId: "3" },
      { endpointId: 2, eventId: "3" },
      { endpointId: 1, eventId: "4" },
    ],
  );
  assert.ok(jobs.every((j) => j.queue === "forward"));
  assert.deepEqual(forwardJobs([event("1", 1, 10)], []), []);
});

const receiver = await forwardReceiver((r) => (r.path === "/fail" ? 503 : 200));
after(() => receiver.close());

test("a delivery POSTs the JSON with its id, timestamp and a valid signature; 2xx is delivered, else not", async () => {
  const payload = testPayload("test_1", new Date(now * 1000), { id: 1, appId: "wx1" });
  const transport = httpTransport();
  const ok = await deliver({ url: receiver.url(), secret }, payload, { transport, now: () => now * 1000 });
  assert.deepEqual({ ...ok, durationMs: 0 }, { delivered: true, httpStatus: 200, durationMs: 0, error: null });
  const got = receiver.received.at(-1)!;
  assert.equal(got.headers["content-type"], "application/json");
  assert.equal(got.headers[FORWARD_HEADERS.eventId], "test_1");
  assert.equal(got.headers[FORWARD_HEADERS.timestamp], String(now));
  assert.deepEqual(JSON.parse(got.body), payload);
  assert.equal(
    verifyForward(secret, { timestamp: String(now), signature: got.headers[FORWARD_HEADERS.signature] as string }, got.body, now),
    true,
  );

  const failed = await deliver({ url: receiver.url("/fail"), secret }, payload, { transport });
  assert.equal(failed.delivered, false);
  assert.equal(failed.httpStatus, 503);
  assert.equal(failed.error, "the endpoint answered HTTP 503");

  const refused = await deliver({ url: "http://127.0.0.1:1/nothing-listens", secret }, payload, { transport });
  assert.equal(refused.delivered, false);
  assert.equal(refused.httpStatus, null);
  assert.match(refused.error ?? "", /connection refused/);
});

test("the README's verification example accepts a real signature and refuses a changed body or an old timestamp", async () => {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Event forwarding"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, "the README has the example");
  const verifyQudao = new Function("require", `${code}; return verifyQudao;`)(createRequire(import.meta.url));
  const body = '{"id":"1","type":"test"}';
  const fresh = Math.floor(Date.now() / 1000);
  const headers = (timestamp: number, payload = body) => ({
    [FORWARD_HEADERS.timestamp]: String(timestamp),
    [FORWARD_HEADERS.signature]: signForward(secret, timestamp, payload),
  });
  assert.equal(verifyQudao(secret, headers(fresh), body), true);
  assert.equal(verifyQudao(secret, headers(fresh), '{"id":"2","type":"test"}'), false);
  assert.equal(verifyQudao(secret, headers(fresh - 301), body), false);
  assert.equal(verifyQudao("other", headers(fresh), body), false);
});
