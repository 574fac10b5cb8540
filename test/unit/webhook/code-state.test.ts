import { test } from "node:test";
import assert from "node:assert/strict";
import { codeStateAt, eventRecords } from "@/lib/webhook/recorder";
import type { SceneTarget } from "@/lib/db/webhook-config";
import type { Push } from "@/lib/webhook/push";

const now = Date.parse("2026-12-02T12:00:00Z");
const target = (over: Partial<SceneTarget> = {}): SceneTarget => ({
  qrCodeId: 12,
  reply: { type: "text", content: "code reply" },
  archived: false,
  validFrom: null,
  validTo: null,
  tags: [],
  followUps: [],
  welcomeFirst: false,
  ...over,
});

test("a code counts inside [validFrom, validTo), not when archived or outside its schedule (issue 9, point 3)", () => {
  assert.equal(codeStateAt(null, now), null);
  assert.equal(codeStateAt(target(), now), null);
  assert.equal(codeStateAt(target({ archived: true, validFrom: now - 1 }), now), "archived");
  assert.equal(codeStateAt(target({ validFrom: now + 1 }), now), "not_started");
  assert.equal(codeStateAt(target({ validFrom: now }), now), null, "from its first moment");
  assert.equal(codeStateAt(target({ validTo: now }), now), "ended", "not at its end");
  assert.equal(codeStateAt(target({ validFrom: now - 10, validTo: now + 10 }), now), null);
});

test("a scan of a code that does not count gets the account's default reply, no code, and the marker", () => {
  const push = {
    account: { id: 7 },
    kind: "scan",
    dedupKey: "k",
    scene: "poster",
    test: false,
    event: { kind: "scan", openid: "oA", subscribed: false, createTime: now / 1000 },
    inbound: { fields: { ToUserName: "gh_x" } },
  } as unknown as Push;
  const replies = { follow: null, scan: { type: "text" as const, content: "default reply" } };
  const [counted] = eventRecords([push], [{ replies, target: target() }], now);
  assert.equal(counted.qrCodeId, 12);
  assert.equal(counted.codeState, null);
  assert.match(counted.replyXml, /code reply/);
  const [archived] = eventRecords([push], [{ replies, target: target({ archived: true }) }], now);
  assert.equal(archived.qrCodeId, null);
  assert.equal(archived.codeState, "archived");
  assert.match(archived.replyXml, /default reply/);
});
