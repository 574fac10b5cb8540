import assert from "node:assert/strict";
import { test } from "node:test";
import { WeChatCipher } from "../../../lib/wechat/cipher";
import { InboundError, openInbound, sealReply, verifyEcho, type AccountKeys } from "../../../lib/wechat/inbound";
import { msgSignature, sha1Sorted } from "../../../lib/wechat/signature";
import { parseWeChatXml } from "../../../lib/wechat/xml";
import { OFFICIAL_KEY, componentSample, pythonSample, urlSignatures } from "./vectors";

const NOW = 1_700_000_000;
const TS = String(NOW);
const NONCE = "123456789";
const keys = (mode: AccountKeys["mode"]): AccountKeys => ({
  appId: "wx1234567890abcdef",
  token: "tok3n",
  encodingAesKey: OFFICIAL_KEY,
  mode,
});
const event =
  "<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><FromUserName><![CDATA[oFan1]]></FromUserName>" +
  "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>" +
  "<EventKey><![CDATA[4294967295]]></EventKey><Ticket><![CDATA[TK]]></Ticket></xml>";
const eventFields = parseWeChatXml(event);

function plainQuery(k: AccountKeys, timestamp = TS, nonce = NONCE): URLSearchParams {
  return new URLSearchParams({ signature: sha1Sorted([k.token, timestamp, nonce]), timestamp, nonce, openid: "oFan1" });
}

function sealed(k: AccountKeys, xml: string, appId = k.appId) {
  const encrypt = new WeChatCipher(OFFICIAL_KEY, appId).encrypt(xml);
  const query = plainQuery(k);
  query.set("encrypt_type", "aes");
  query.set("msg_signature", msgSignature(k.token, TS, NONCE, encrypt));
  return { query, encrypt };
}

function failure(fn: () => unknown): { status: number; code: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InboundError, `expected InboundError, got ${String(err)}`);
    return { status: err.status, code: err.code };
  }
  assert.fail("expected an InboundError, nothing was thrown");
}

test("plain mode: a signed request is parsed", () => {
  const k = keys("plain");
  assert.deepEqual(openInbound(k, plainQuery(k), event, { now: NOW }), {
    fields: eventFields,
    encrypted: false,
    timestamp: TS,
    nonce: NONCE,
  });
});

test("compatible mode: the official sample push is verified and decrypted", () => {
  const k: AccountKeys = {
    appId: pythonSample.appId,
    token: pythonSample.token,
    encodingAesKey: OFFICIAL_KEY,
    mode: "compatible",
  };
  const query = plainQuery(k, pythonSample.timestamp, pythonSample.nonce);
  query.set("encrypt_type", "aes");
  query.set("msg_signature", pythonSample.msgSignature);
  const opened = openInbound(k, query, pythonSample.body, { now: Number(pythonSample.timestamp) });
  assert.equal(opened.encrypted, true);
  assert.deepEqual(opened.fields, parseWeChatXml(pythonSample.decrypted));
  assert.equal(opened.fields.Encrypt, undefined);
});

test("compatible mode: the unsigned plain copy is ignored in favour of the ciphertext", () => {
  const k = keys("compatible");
  const { query, encrypt } = sealed(k, event);
  const forged = event.replace("4294967295", "1").replace("</xml>", `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  assert.equal(openInbound(k, query, forged, { now: NOW }).fields.EventKey, "4294967295");
});

test("safe mode: an <Encrypt>-only body is accepted", () => {
  const k = keys("safe");
  const { query, encrypt } = sealed(k, event);
  const body = `<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const opened = openInbound(k, query, body, { now: NOW });
  assert.deepEqual(opened, { fields: eventFields, encrypted: true, timestamp: TS, nonce: NONCE });
});

test("a wrong or missing signature is 401", () => {
  const k = keys("plain");
  const q = plainQuery(k);
  q.set("signature", sha1Sorted(["other", TS, NONCE]));
  assert.deepEqual(
    failure(() => openInbound(k, q, event, { now: NOW })),
    { status: 401, code: "bad_signature" },
  );
  q.delete("signature");
  assert.deepEqual(
    failure(() => openInbound(k, q, event, { now: NOW })),
    { status: 401, code: "bad_signature" },
  );
});

test("encrypted requests need a msg_signature over the ciphertext", () => {
  const k = keys("safe");
  const { query, encrypt } = sealed(k, event);
  const body = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const wrong = new URLSearchParams(query);
  wrong.set("msg_signature", query.get("signature")!); // the URL signature is not the message signature
  assert.deepEqual(
    failure(() => openInbound(k, wrong, body, { now: NOW })),
    { status: 401, code: "bad_signature" },
  );
  wrong.delete("msg_signature");
  assert.deepEqual(
    failure(() => openInbound(k, wrong, body, { now: NOW })),
    { status: 401, code: "bad_signature" },
  );
  const other = new WeChatCipher(OFFICIAL_KEY, k.appId).encrypt(event);
  const swapped = `<xml><Encrypt><![CDATA[${other}]]></Encrypt></xml>`;
  assert.deepEqual(
    failure(() => openInbound(k, query, swapped, { now: NOW })),
    { status: 401, code: "bad_signature" },
  );
});

test("timestamps outside the window are refused", () => {
  const k = keys("plain");
  assert.equal(openInbound(k, plainQuery(k), event, { now: NOW + 600 }).timestamp, TS);
  assert.equal(openInbound(k, plainQuery(k), event, { now: NOW - 600 }).timestamp, TS);
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), event, { now: NOW + 601 })),
    { status: 401, code: "stale_timestamp" },
  );
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), event, { now: NOW - 601 })),
    { status: 401, code: "stale_timestamp" },
  );
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), event, { now: NOW + 31, maxSkewSeconds: 30 })),
    { status: 401, code: "stale_timestamp" },
  );
  const odd = plainQuery(k, "17e8");
  assert.deepEqual(
    failure(() => openInbound(k, odd, event, { now: NOW })),
    { status: 401, code: "stale_timestamp" },
  );
});

test("a safe account refuses plain requests", () => {
  const k = keys("safe");
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), event, { now: NOW })),
    { status: 400, code: "encryption_required" },
  );
});

test("oversized, DTD-bearing and malformed bodies are refused with their status", () => {
  const k = keys("plain");
  const big = event.replace("TK", "T".repeat(70_000));
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), big, { now: NOW })),
    { status: 413, code: "too_large" },
  );
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), event, { now: NOW, maxBytes: 100 })),
    { status: 413, code: "too_large" },
  );
  const dtd = `<!DOCTYPE xml [<!ENTITY x "y">]>${event}`;
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), dtd, { now: NOW })),
    { status: 400, code: "forbidden_dtd" },
  );
  assert.deepEqual(
    failure(() => openInbound(k, plainQuery(k), "<xml><A>", { now: NOW })),
    { status: 400, code: "malformed" },
  );
});

test("ciphertext for another AppID, or no <Encrypt>, is refused", () => {
  const k = keys("safe");
  const { query, encrypt } = sealed(k, event, "wxSomeoneElse0000");
  const body = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  assert.deepEqual(
    failure(() => openInbound(k, query, body, { now: NOW })),
    { status: 400, code: "decrypt_failed" },
  );
  assert.deepEqual(
    failure(() => openInbound(k, query, event, { now: NOW })),
    { status: 400, code: "malformed" },
  );
  const noKey = { ...k, encodingAesKey: null };
  const ok = sealed(k, event);
  const okBody = `<xml><Encrypt><![CDATA[${ok.encrypt}]]></Encrypt></xml>`;
  assert.deepEqual(
    failure(() => openInbound(noKey, ok.query, okBody, { now: NOW })),
    { status: 400, code: "decrypt_failed" },
  );
});

test("verifyEcho answers echostr only for a valid signature", () => {
  const v = urlSignatures[0]!;
  const k: AccountKeys = { appId: "wx1", token: v.token, encodingAesKey: null, mode: "plain" };
  const q = new URLSearchParams({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, echostr: "5837397520153" });
  const at = { now: Number(v.timestamp) };
  assert.equal(verifyEcho(k, q, at), "5837397520153");
  assert.equal(verifyEcho({ ...k, token: "nope" }, q, at), null);
  q.delete("echostr");
  assert.equal(verifyEcho(k, q, at), null);
});

test("verifyEcho refuses a check outside the timestamp window: a captured one cannot be replayed to echo any text", () => {
  const v = urlSignatures[0]!;
  const k: AccountKeys = { appId: "wx1", token: v.token, encodingAesKey: null, mode: "plain" };
  const q = new URLSearchParams({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, echostr: "<script>" });
  assert.equal(verifyEcho(k, q, { now: Number(v.timestamp) + 600 }), "<script>");
  assert.equal(verifyEcho(k, q, { now: Number(v.timestamp) + 601 }), null);
  assert.equal(verifyEcho(k, q, { now: Number(v.timestamp) - 601 }), null);
  assert.equal(verifyEcho(k, q), null, "the vector's timestamp is years old");
});

test("sealReply reproduces the official sealed reply", () => {
  const c = componentSample;
  const k: AccountKeys = { appId: c.appId, token: c.token, encodingAesKey: c.key, mode: "safe" };
  const xml = sealReply(
    k,
    c.reply,
    { encrypted: true },
    { timestamp: c.replyTimestamp, nonce: c.replyNonce, random16: Buffer.from(c.random) },
  );
  assert.deepEqual(parseWeChatXml(xml), {
    Encrypt: c.replyCipher,
    MsgSignature: c.replySignature,
    TimeStamp: c.replyTimestamp,
    Nonce: c.replyNonce,
  });
});

test('sealReply leaves plain requests and "success" unencrypted', () => {
  const k = keys("compatible");
  const reply = "<xml><Content><![CDATA[hi]]></Content></xml>";
  assert.equal(sealReply(k, reply, { encrypted: false }), reply);
  assert.equal(sealReply(k, "success", { encrypted: true }), "success");
  assert.equal(sealReply(k, "", { encrypted: true }), "");
  const envelope = parseWeChatXml(sealReply(k, reply, { encrypted: true }));
  assert.equal(new WeChatCipher(OFFICIAL_KEY, k.appId).decrypt(envelope.Encrypt!), reply);
  assert.equal(envelope.MsgSignature, msgSignature(k.token, envelope.TimeStamp!, envelope.Nonce!, envelope.Encrypt!));
});
