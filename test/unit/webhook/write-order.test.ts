import { test } from "node:test";
import assert from "node:assert/strict";
import { writeOrderKey } from "@/lib/webhook/recorder";
import type { Push } from "@/lib/webhook/push";

const push = (kind: Push["kind"], openid: string, dedupKey: string) =>
  ({ account: { id: 7 }, kind, dedupKey, event: { openid } }) as unknown as Push;

test("a follower's counted events are written in order; a message goes by its MsgId key, whoever sent it (issue 8, defect 14)", () => {
  assert.equal(writeOrderKey(push("scan", "oA", "k1")), writeOrderKey(push("unfollow", "oA", "k2")));
  assert.notEqual(writeOrderKey(push("scan", "oA", "k1")), writeOrderKey(push("scan", "oB", "k1")));
  // One MsgId twice (a retry with another CreateTime, even another sender): never in one write.
  assert.equal(writeOrderKey(push(null, "oA", "msg")), writeOrderKey(push(null, "oB", "msg")));
  assert.notEqual(writeOrderKey(push(null, "oA", "msg1")), writeOrderKey(push(null, "oA", "msg2")));
});
