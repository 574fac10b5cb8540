import assert from "node:assert/strict";
import { test } from "node:test";
import { dedupKey, normalizeEvent } from "../../../lib/wechat/events";
import { WeChatXmlError } from "../../../lib/wechat/xml";

const base = { ToUserName: "gh_abc", FromUserName: "oFan1", CreateTime: "1700000000", MsgType: "event" };

test("subscribe with qrscene_ is a scan that followed, prefix stripped once at the start", () => {
  assert.deepEqual(normalizeEvent({ ...base, Event: "subscribe", EventKey: "qrscene_123", Ticket: "TK" }), {
    kind: "scan",
    subscribed: true,
    openid: "oFan1",
    createTime: 1700000000,
    scene: "123",
    ticket: "TK",
  });
  const twice = normalizeEvent({ ...base, Event: "subscribe", EventKey: "qrscene_qrscene_x", Ticket: "TK" });
  assert.equal(twice.kind === "scan" && twice.scene, "qrscene_x");
  const inner = normalizeEvent({ ...base, Event: "subscribe", EventKey: "qrscene_a_qrscene_b" });
  assert.equal(inner.kind === "scan" && inner.scene, "a_qrscene_b");
  assert.equal(inner.kind === "scan" && inner.ticket, null);
});

test("subscribe without a qrscene_ scene is a plain follow keeping the raw key", () => {
  const follow = (EventKey?: string) =>
    normalizeEvent(EventKey === undefined ? { ...base, Event: "subscribe" } : { ...base, Event: "subscribe", EventKey });
  assert.deepEqual(follow(""), { kind: "follow", openid: "oFan1", createTime: 1700000000, eventKey: "" });
  assert.deepEqual(follow(undefined), { kind: "follow", openid: "oFan1", createTime: 1700000000, eventKey: "" });
  assert.deepEqual(follow("qrscene_"), { kind: "follow", openid: "oFan1", createTime: 1700000000, eventKey: "qrscene_" });
  const trade = "last_trade_no_4200000123202401011234567890";
  assert.deepEqual(follow(trade), { kind: "follow", openid: "oFan1", createTime: 1700000000, eventKey: trade });
  assert.equal(follow("x_qrscene_1").kind, "follow");
  assert.equal(follow("QRSCENE_1").kind, "follow");
});

test("SCAN is a scan by a follower with the key as-is, even above 2^31", () => {
  assert.deepEqual(normalizeEvent({ ...base, Event: "SCAN", EventKey: "4294967295", Ticket: "TK2" }), {
    kind: "scan",
    subscribed: false,
    openid: "oFan1",
    createTime: 1700000000,
    scene: "4294967295",
    ticket: "TK2",
  });
  const prefixed = normalizeEvent({ ...base, Event: "SCAN", EventKey: "qrscene_keep" });
  assert.equal(prefixed.kind === "scan" && prefixed.scene, "qrscene_keep");
});

test("event names are compared case-insensitively", () => {
  assert.equal(normalizeEvent({ ...base, Event: "scan", EventKey: "7" }).kind, "scan");
  assert.equal(normalizeEvent({ ...base, Event: "Subscribe", EventKey: "qrscene_7" }).kind, "scan");
  assert.equal(normalizeEvent({ ...base, Event: "UNSUBSCRIBE" }).kind, "unfollow");
  assert.equal(normalizeEvent({ ...base, MsgType: "EVENT", Event: "subscribe" }).kind, "follow");
});

test("unsubscribe is an unfollow; everything else is other", () => {
  assert.deepEqual(normalizeEvent({ ...base, Event: "unsubscribe", EventKey: "" }), {
    kind: "unfollow",
    openid: "oFan1",
    createTime: 1700000000,
  });
  assert.deepEqual(normalizeEvent({ ...base, MsgType: "text", Content: "hi", MsgId: "6054768590064713728" }), {
    kind: "other",
    openid: "oFan1",
    createTime: 1700000000,
    msgType: "text",
    event: null,
    msgId: "6054768590064713728",
  });
  assert.deepEqual(normalizeEvent({ ...base, Event: "CLICK", EventKey: "menu" }), {
    kind: "other",
    openid: "oFan1",
    createTime: 1700000000,
    msgType: "event",
    event: "CLICK",
    msgId: null,
  });
  // an Event field on a non-event message means nothing
  assert.equal(normalizeEvent({ ...base, MsgType: "text", Event: "subscribe" }).kind, "other");
});

test("missing identity or a non-integer CreateTime is malformed", () => {
  const { FromUserName: _f, ...noFrom } = base;
  const { CreateTime: _c, ...noTime } = base;
  const { MsgType: _m, ...noType } = base;
  for (const fields of [
    noFrom,
    noTime,
    noType,
    { ...base, FromUserName: "" },
    { ...base, CreateTime: "abc" },
    { ...base, CreateTime: "1.5" },
    { ...base, CreateTime: "-1" },
    { ...base, CreateTime: "99999999999999999999" },
  ]) {
    assert.throws(
      () => normalizeEvent({ ...fields, Event: "subscribe" }),
      (err: unknown) => err instanceof WeChatXmlError && err.code === "malformed",
      JSON.stringify(fields),
    );
  }
});

test("dedupKey is stable for one delivery and distinguishes events sharing a second", () => {
  const scan = { ...base, Event: "SCAN", EventKey: "42", Ticket: "TK" };
  const key = dedupKey(scan);
  assert.match(key, /^[0-9a-f]{40}$/);
  assert.equal(
    dedupKey({
      Ticket: "other",
      EventKey: "42",
      Event: "SCAN",
      MsgType: "event",
      CreateTime: "1700000000",
      FromUserName: "oFan1",
    }),
    key,
  );
  const variants = [
    { ...scan, EventKey: "43" },
    { ...scan, Event: "subscribe", EventKey: "qrscene_42" },
    { ...scan, CreateTime: "1700000001" },
    { ...scan, FromUserName: "oFan2" },
    { ...scan, MsgType: "text" },
    { ...scan, MsgId: "1" },
  ];
  const keys = new Set([key, ...variants.map(dedupKey)]);
  assert.equal(keys.size, variants.length + 1);
  // field boundaries matter: ("ab","") is not ("a","b")
  assert.notEqual(dedupKey({ ...base, Event: "ab", EventKey: "" }), dedupKey({ ...base, Event: "a", EventKey: "b" }));
});

test("a message is its MsgId, as WeChat de-duplicates it: a retry with another CreateTime is the same delivery (issue 8, defect 14)", () => {
  const text = { ...base, MsgType: "text", Content: "你好", MsgId: "24680135792468013" };
  const key = dedupKey(text);
  assert.match(key, /^[0-9a-f]{40}$/);
  for (const retry of [
    { ...text, CreateTime: "1700000001" },
    { ...text, CreateTime: "1700000007", Content: "你好！" },
  ])
    assert.equal(dedupKey(retry), key);
  assert.equal(dedupKey({ ...text, MsgType: "image", PicUrl: "http://x/y" }), key, "MsgId alone, whatever the type");
  assert.notEqual(dedupKey({ ...text, MsgId: "24680135792468014" }), key);
  // Without a MsgId a message falls back to the event key, so distinct sends stay distinct.
  const { MsgId: _, ...withoutId } = text;
  assert.notEqual(dedupKey(withoutId), dedupKey({ ...withoutId, CreateTime: "1700000001" }));
});

test("an event's key is as it was: FromUserName, CreateTime, Event and EventKey (keys stored before stay valid)", () => {
  const scan = { ...base, Event: "SCAN", EventKey: "42", Ticket: "TK" };
  // sha1("oFan1␁1700000000␁event␁SCAN␁42␁"): the key this event was stored under before messages changed.
  assert.equal(dedupKey(scan), "d210f050eeb7fa4c2503546b2121c464e3371739");
  assert.notEqual(dedupKey({ ...scan, MsgType: "EVENT", MsgId: "1" }), dedupKey({ ...scan, MsgType: "EVENT", MsgId: "2" }));
  assert.notEqual(dedupKey({ ...scan, CreateTime: "1700000001" }), dedupKey(scan), "an event's CreateTime still counts");
});
