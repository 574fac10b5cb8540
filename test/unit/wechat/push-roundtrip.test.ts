import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeEvent } from "../../../lib/wechat/events";
import { openInbound, sealReply, type AccountKeys, type MessageMode } from "../../../lib/wechat/inbound";
import { buildEventXml, buildPush, openReply, WeChatReplyError } from "../../../lib/wechat/outbound-push";
import { buildReplyXml } from "../../../lib/wechat/reply";
import { parseWeChatXml } from "../../../lib/wechat/xml";
import { OFFICIAL_KEY } from "./vectors";

const NOW = 1_700_000_000;
const keys = (mode: MessageMode): AccountKeys => ({
  appId: "wx1234567890abcdef",
  token: "tok3n",
  encodingAesKey: OFFICIAL_KEY,
  mode,
});
const scan = buildEventXml({
  toUser: "gh_abc",
  fromUser: "oFan1",
  createTime: NOW,
  event: "subscribe",
  eventKey: "qrscene_qrscene_spring",
  ticket: "gQ+/=",
});

test("buildEventXml writes what WeChat sends for a scan", () => {
  assert.deepEqual(parseWeChatXml(scan), {
    ToUserName: "gh_abc",
    FromUserName: "oFan1",
    CreateTime: String(NOW),
    MsgType: "event",
    Event: "subscribe",
    EventKey: "qrscene_qrscene_spring",
    Ticket: "gQ+/=",
  });
  const bye = parseWeChatXml(buildEventXml({ toUser: "gh_abc", fromUser: "oFan1", createTime: NOW, event: "unsubscribe" }));
  assert.equal(bye.EventKey, undefined);
  assert.equal(bye.Event, "unsubscribe");
});

for (const mode of ["plain", "compatible", "safe"] as const) {
  test(`${mode} mode: push → webhook → reply → WeChat`, () => {
    const k = keys(mode);
    const push = buildPush(k, scan, { timestamp: String(NOW), nonce: "777" });
    assert.equal(push.query.get("openid"), "oFan1");
    assert.equal(push.query.get("encrypt_type"), mode === "plain" ? null : "aes");

    const inbound = openInbound(k, push.query, push.body, { now: NOW + 5 });
    assert.equal(inbound.encrypted, mode !== "plain");
    assert.deepEqual(normalizeEvent(inbound.fields), {
      kind: "scan",
      subscribed: true,
      openid: "oFan1",
      createTime: NOW,
      scene: "qrscene_spring",
      ticket: "gQ+/=",
    });

    const reply = buildReplyXml(
      { type: "text", content: "答案: 42 ]]> <ok>" },
      { toUser: inbound.fields.FromUserName!, fromUser: inbound.fields.ToUserName!, createTime: NOW + 1 },
    );
    const body = sealReply(k, reply, inbound);
    assert.equal(body.includes("答案"), mode === "plain", "the reply text is readable only in plain mode");
    assert.deepEqual(openReply(k, body, inbound.encrypted), {
      ToUserName: "oFan1",
      FromUserName: "gh_abc",
      CreateTime: String(NOW + 1),
      MsgType: "text",
      Content: "答案: 42 ]]> <ok>",
    });
  });
}

test("the pushed bodies have each mode’s shape", () => {
  const plain = buildPush(keys("plain"), scan);
  assert.equal(plain.body, scan);
  assert.deepEqual([...plain.query.keys()], ["signature", "timestamp", "nonce", "openid"]);

  const compatible = buildPush(keys("compatible"), scan);
  const c = parseWeChatXml(compatible.body);
  assert.equal(c.EventKey, "qrscene_qrscene_spring");
  assert.ok(c.Encrypt && c.Encrypt.length > 40);
  assert.deepEqual([...compatible.query.keys()], ["signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature"]);

  const safe = parseWeChatXml(buildPush(keys("safe"), scan).body);
  assert.deepEqual(Object.keys(safe), ["ToUserName", "Encrypt"]);
  assert.equal(safe.ToUserName, "gh_abc");
});

test('openReply passes "success" and "" through and refuses forged or plain replies where it must', () => {
  const k = keys("safe");
  assert.equal(openReply(k, "success", true), "success");
  assert.equal(openReply(k, "", true), "");

  const reply = buildReplyXml({ type: "text", content: "hi" }, { toUser: "oFan1", fromUser: "gh_abc", createTime: NOW });
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof WeChatReplyError, String(err));
      return err.code;
    }
    assert.fail("expected WeChatReplyError");
  };
  assert.equal(
    codeOf(() => openReply(k, reply, true)),
    "encryption_required",
  );
  assert.deepEqual(openReply(keys("compatible"), reply, true), parseWeChatXml(reply), "compatible mode may answer in plain");

  const sealed = sealReply(k, reply, { encrypted: true });
  const forged = sealed.replace(/<MsgSignature><!\[CDATA\[[0-9a-f]{40}/, `<MsgSignature><![CDATA[${"0".repeat(40)}`);
  assert.notEqual(forged, sealed);
  assert.equal(
    codeOf(() => openReply(k, forged, true)),
    "bad_signature",
  );
  assert.equal(
    codeOf(() => openReply({ ...k, appId: "wxOther" }, sealed, true)),
    "decrypt_failed",
  );
  assert.equal(
    codeOf(() => openReply(k, "<xml><Encrypt>", true)),
    "malformed",
  );
});
