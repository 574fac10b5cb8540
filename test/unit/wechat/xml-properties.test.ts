import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildEncryptedReply,
  buildEventXml,
  buildReplyXml,
  cdata,
  normalizeEvent,
  parseWeChatXml,
  WeChatXmlError,
} from "@/lib/wechat";

// Property-based tests (issue 8, point 3): what we build, we read back; what anyone sends, we refuse
// with our own error or read, and nothing else.

/** Any string: every code point (astral planes included), with the characters XML must escape, a CDATA end, controls. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(
      "<",
      ">",
      "&",
      "'",
      '"',
      "]]>",
      "]",
      "\u0000",
      "\u0001",
      "\t",
      "\r",
      "\n",
      "\r\n",
      " ",
      "😀",
      "𠀀",
      "\uFFFE",
      "\uD800",
      "渠",
      "a",
    ),
    maxLength: 30,
  }),
);

/** Characters XML 1.0 can carry; cdata drops the others. */
const XML_CHARS = /[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlOnly = (text: string) => (text.match(XML_CHARS) ?? []).join("");
/** What any XML reader (WeChat's too) makes of text in CDATA: XML's characters, line ends as \n (XML 1.0 §2.11). */
const xmlRead = (text: string) => xmlOnly(text).replace(/\r\n?/g, "\n");

const tagName = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/).filter((name) => name.toLowerCase() !== "xml");
const RUNS = { numRuns: 500 };

test("cdata then parse gives back the text exactly, whatever it holds (minus what XML cannot carry)", () => {
  fc.assert(
    fc.property(anyText, (value) => {
      assert.equal(parseWeChatXml(`<xml><Content>${cdata(value)}</Content></xml>`).Content, xmlRead(value));
    }),
    RUNS,
  );
});

test("a message of any fields and values reads back as built", () => {
  fc.assert(
    fc.property(fc.dictionary(tagName, anyText, { maxKeys: 8 }), (fields) => {
      const xml = `<xml>${Object.entries(fields)
        .map(([name, value]) => `<${name}>${cdata(value)}</${name}>`)
        .join("")}</xml>`;
      const expected = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, xmlRead(value)]));
      assert.deepEqual(parseWeChatXml(xml), expected);
    }),
    RUNS,
  );
});

test("text nodes with the five entities and character references decode to the text they escape", () => {
  const escaped = (text: string) =>
    [...xmlOnly(text)]
      .map((c) => {
        const named: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };
        if (named[c]) return named[c];
        const cp = c.codePointAt(0)!;
        return cp > 0x7e || cp < 0x20 ? `&#x${cp.toString(16)};` : c;
      })
      .join("");
  fc.assert(
    fc.property(anyText, (value) => {
      // Whitespace at the ends of a text node is not part of the value (trimmed, as WeChat's own samples need).
      const expected = xmlOnly(value);
      const read = parseWeChatXml(`<xml><Content>x${escaped(value)}x</Content></xml>`).Content;
      assert.equal(read, `x${expected}x`);
    }),
    RUNS,
  );
});

test("passive replies and encrypted envelopes read back as built", () => {
  const address = fc.record({ toUser: anyText, fromUser: anyText, createTime: fc.nat() });
  const reply = fc.oneof(
    fc.record({ type: fc.constant("text" as const), content: anyText }),
    fc.record({ type: fc.constant("image" as const), mediaId: anyText }),
    fc.record({ type: fc.constant("news" as const), title: anyText, description: anyText, picUrl: anyText, url: anyText }),
  );
  fc.assert(
    fc.property(reply, address, (r, to) => {
      const fields = parseWeChatXml(buildReplyXml(r, to));
      assert.equal(fields.ToUserName, xmlRead(to.toUser));
      assert.equal(fields.FromUserName, xmlRead(to.fromUser));
      assert.equal(fields.CreateTime, String(to.createTime));
      assert.equal(fields.MsgType, r.type);
      if (r.type === "text") assert.equal(fields.Content, xmlRead(r.content));
      if (r.type === "image") assert.equal(fields["Image.MediaId"], xmlRead(r.mediaId));
      if (r.type === "news") {
        assert.equal(fields["Articles.item.Title"], xmlRead(r.title));
        assert.equal(fields["Articles.item.Url"], xmlRead(r.url));
      }
    }),
    RUNS,
  );
  fc.assert(
    fc.property(anyText, anyText, fc.nat(), anyText, (encrypt, signature, timestamp, nonce) => {
      const fields = parseWeChatXml(buildEncryptedReply(encrypt, signature, String(timestamp), nonce));
      assert.deepEqual(fields, {
        Encrypt: xmlRead(encrypt),
        MsgSignature: xmlRead(signature),
        TimeStamp: String(timestamp),
        Nonce: xmlRead(nonce),
      });
    }),
    RUNS,
  );
});

test("an event WeChat would push reads back as the same event", () => {
  const event = fc.record({
    toUser: anyText,
    fromUser: anyText.filter((s) => xmlRead(s) !== ""),
    createTime: fc.nat({ max: 4_102_444_800 }),
    event: fc.constantFrom("subscribe" as const, "SCAN" as const, "unsubscribe" as const),
    eventKey: anyText,
    ticket: anyText,
  });
  fc.assert(
    fc.property(event, (e) => {
      const read = normalizeEvent(parseWeChatXml(buildEventXml(e)));
      assert.equal(read.openid, xmlRead(e.fromUser));
      assert.equal(read.createTime, e.createTime);
      const key = xmlRead(e.eventKey);
      if (e.event === "unsubscribe") assert.equal(read.kind, "unfollow");
      else if (e.event === "SCAN") assert.deepEqual([read.kind, read.kind === "scan" && read.scene], ["scan", key]);
      else if (key.startsWith("qrscene_") && key.length > 8) assert.equal(read.kind === "scan" && read.scene, key.slice(8));
      else assert.equal(read.kind, "follow");
    }),
    RUNS,
  );
});

test("arbitrary text and bytes are read or refused with WeChatXmlError, never anything else", () => {
  const xmlish = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
    fc
      .array(
        fc.constantFrom(
          "<xml>",
          "</xml>",
          "<A>",
          "</A>",
          "<![CDATA[",
          "]]>",
          "&",
          "&#0;",
          "&#x1F600;",
          "&lt;",
          "<!DOCTYPE x>",
          "<?xml?>",
          "<!-- -->",
          "<a b='c'>",
          "<",
          ">",
          "x",
          "\u0000",
          "\uFEFF",
          " ",
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join("")),
  );
  fc.assert(
    fc.property(xmlish, (body) => {
      try {
        const fields = parseWeChatXml(body);
        for (const [name, value] of Object.entries(fields)) assert.equal(typeof value, "string", name);
      } catch (error) {
        if (!(error instanceof WeChatXmlError)) throw error;
      }
    }),
    { numRuns: 2000 },
  );
});
