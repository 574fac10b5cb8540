import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildEventXml,
  buildPush,
  cdata,
  generateEncodingAesKey,
  InboundError,
  openInbound,
  openReply,
  sealReply,
  buildReplyXml,
  sha1Sorted,
  type AccountKeys,
} from "@/lib/wechat";

// Property-based tests (issue 8, point 3) of a whole push: what WeChat builds in any mode opens to
// the same fields, a sealed reply opens to the same reply, and any query and body are opened or
// refused with InboundError only.

const anyText = fc.string({ unit: "binary", maxLength: 60 });
const XML_CHARS = /[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlRead = (text: string) => (text.match(XML_CHARS) ?? []).join("").replace(/\r\n?/g, "\n");

const accounts: AccountKeys[] = (["plain", "compatible", "safe"] as const).map((mode) => ({
  appId: `wx${mode.padEnd(16, "0").slice(0, 16)}`,
  token: `token${mode}`,
  encodingAesKey: mode === "plain" ? null : generateEncodingAesKey(),
  mode,
}));
const account = fc.constantFrom(...accounts);

const event = fc.record({
  toUser: anyText,
  fromUser: anyText,
  createTime: fc.nat({ max: 4_102_444_800 }),
  event: fc.constantFrom("subscribe" as const, "SCAN" as const, "unsubscribe" as const),
  eventKey: anyText,
  ticket: anyText,
});

test("a push built as WeChat builds it opens to the same fields, in every mode", () => {
  fc.assert(
    fc.property(account, event, (keys, e) => {
      const { query, body } = buildPush(keys, buildEventXml(e));
      const inbound = openInbound(keys, query, body);
      assert.equal(inbound.encrypted, keys.mode !== "plain");
      assert.deepEqual(inbound.fields, {
        ToUserName: xmlRead(e.toUser),
        FromUserName: xmlRead(e.fromUser),
        CreateTime: String(e.createTime),
        MsgType: "event",
        Event: e.event,
        EventKey: xmlRead(e.eventKey),
        Ticket: xmlRead(e.ticket),
      });
    }),
    { numRuns: 300 },
  );
});

test("a sealed reply opens to the same reply, in every mode", () => {
  fc.assert(
    fc.property(account, anyText, anyText, (keys, content, openid) => {
      const replyXml = buildReplyXml({ type: "text", content }, { toUser: openid, fromUser: "gh_x", createTime: 1 });
      const encrypted = keys.mode !== "plain";
      const reply = openReply(keys, sealReply(keys, replyXml, { encrypted }), encrypted);
      assert.ok(typeof reply === "object");
      assert.equal(reply.Content, xmlRead(content));
      assert.equal(reply.ToUserName, xmlRead(openid));
    }),
    { numRuns: 300 },
  );
});

test("any query and body are opened or refused with InboundError, never another error", () => {
  const now = Math.floor(Date.now() / 1000);
  const queryFor = (keys: AccountKeys) =>
    fc
      .record(
        {
          signed: fc.boolean(),
          timestamp: fc.oneof(fc.constant(String(now)), fc.stringMatching(/^\d{0,14}$/), anyText),
          nonce: anyText,
          encrypt_type: fc.constantFrom("aes", "raw", "", "AES", "des", undefined),
          msg_signature: fc.oneof(anyText, fc.constant(undefined)),
        },
        { requiredKeys: ["signed", "timestamp", "nonce"] },
      )
      .map(({ signed, timestamp, nonce, ...rest }) => {
        const query = new URLSearchParams({ timestamp, nonce });
        if (signed) query.set("signature", sha1Sorted([keys.token, timestamp, nonce]));
        for (const [name, value] of Object.entries(rest)) if (value !== undefined) query.set(name, value);
        return query;
      });
  const body = fc.oneof(
    anyText,
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
    fc.string({
      unit: fc.constantFrom(
        "<xml>",
        "</xml>",
        "<Encrypt>",
        "</Encrypt>",
        "<![CDATA[",
        "]]>",
        "AAAA",
        "+/==",
        "&amp;",
        "<!DOCTYPE x>",
      ),
      maxLength: 20,
    }),
  );
  fc.assert(
    fc.property(
      account.chain((keys) => fc.tuple(fc.constant(keys), queryFor(keys), body)),
      ([keys, query, text]) => {
        try {
          openInbound(keys, query, text);
        } catch (error) {
          if (!(error instanceof InboundError)) throw error;
          assert.ok([400, 401, 413].includes(error.status));
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test("a correctly signed push whose ciphertext is anything is opened or refused with InboundError", () => {
  const now = String(Math.floor(Date.now() / 1000));
  const encrypted = accounts.filter((keys) => keys.mode !== "plain");
  const ciphertext = fc.oneof(
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString("base64")),
    fc.string({ unit: fc.constantFrom(..."ABCDEFGH+/="), maxLength: 80 }),
    anyText,
  );
  fc.assert(
    fc.property(fc.constantFrom(...encrypted), ciphertext, fc.boolean(), (keys, encrypt, wrapped) => {
      const nonce = "12345";
      const query = new URLSearchParams({
        signature: sha1Sorted([keys.token, now, nonce]),
        timestamp: now,
        nonce,
        encrypt_type: "aes",
        msg_signature: sha1Sorted([keys.token, now, nonce, xmlRead(encrypt)]),
      });
      const body = wrapped ? `<xml><ToUserName>gh</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>` : encrypt;
      try {
        openInbound(keys, query, body);
      } catch (error) {
        if (!(error instanceof InboundError)) throw error;
      }
    }),
    { numRuns: 2000 },
  );
});
