import assert from "node:assert/strict";
import { test } from "node:test";
import { cdata, parseWeChatXml, WeChatXmlError } from "../../../lib/wechat/xml";
import { PUSH_ACCEPTANCE } from "../../../lib/wechat/limits";
import { pythonSample } from "./vectors";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WeChatXmlError, `expected WeChatXmlError, got ${String(err)}`);
    return err.code;
  }
  assert.fail("expected a WeChatXmlError, nothing was thrown");
}

test("returns the flat children of <xml> with CDATA unwrapped", () => {
  const fields = parseWeChatXml(pythonSample.decrypted);
  assert.deepEqual(fields, {
    ToUserName: "gh_10f6c3c3ac5a",
    FromUserName: "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
    CreateTime: "1409735668",
    MsgType: "text",
    Content: "abcdteT",
    MsgId: "6054768590064713728",
  });
});

test("numbers stay exactly as sent", () => {
  const fields = parseWeChatXml(
    '<?xml version="1.0" encoding="utf-8"?>\n<xml><EventKey>4294967295</EventKey><Scene>0012</Scene>' +
      "<MsgId>9007199254740993</MsgId><Neg>-0</Neg><Big><![CDATA[18446744073709551615]]></Big></xml>",
  );
  assert.equal(fields.EventKey, "4294967295");
  assert.equal(fields.Scene, "0012");
  assert.equal(fields.MsgId, "9007199254740993");
  assert.equal(fields.Neg, "-0");
  assert.equal(fields.Big, "18446744073709551615");
});

test("whitespace around CDATA and between fields is not part of the value; CDATA content is", () => {
  const fields = parseWeChatXml(
    "<xml>\n  <MsgType>  <![CDATA[video]]>\n</MsgType>\n  <Content><![CDATA[  two  ]]></Content>\n</xml>\n",
  );
  assert.deepEqual(fields, { MsgType: "video", Content: "  two  " });
});

test("predefined entities and character references are decoded in text, never in CDATA", () => {
  const fields = parseWeChatXml(
    "<xml><A>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20013;&#x6587;</A><B><![CDATA[&lt;&amp;]]></B><E></E><F/></xml>",
  );
  assert.equal(fields.A, `a <b> & "c" 'd' 中文`);
  assert.equal(fields.B, "&lt;&amp;");
  assert.equal(fields.E, "");
  assert.equal(fields.F, "");
});

test("undeclared entities, bare ampersands and forbidden characters are malformed", () => {
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>&lol9;</A></xml>")),
    "malformed",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>&nbsp;</A></xml>")),
    "malformed",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>a & b</A></xml>")),
    "malformed",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>&#0;</A></xml>")),
    "malformed",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>&#xD800;</A></xml>")),
    "malformed",
  );
});

test("DOCTYPE and ENTITY declarations are refused wherever they appear", () => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>';
  assert.equal(
    codeOf(() => parseWeChatXml(xxe)),
    "forbidden_dtd",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<!doctype xml><xml/>")),
    "forbidden_dtd",
  );
  assert.equal(
    codeOf(() => parseWeChatXml('<xml><A><!ENTITY a "b"></A></xml>')),
    "forbidden_dtd",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A><![CDATA[<!DocType x>]]></A></xml>")),
    "forbidden_dtd",
  );
});

test("the billion laughs are refused before any expansion", () => {
  const lines = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE xml [${lines.join("")}]><xml><A>&lol9;</A></xml>`;
  assert.equal(
    codeOf(() => parseWeChatXml(bomb)),
    "forbidden_dtd",
  );
});

test("bodies over the limit are refused by byte count", () => {
  const filler = (n: number) => `<xml><A>${"a".repeat(n - 18)}</A></xml>`;
  assert.equal(Buffer.byteLength(filler(64 * 1024)), 64 * 1024);
  assert.equal(parseWeChatXml(filler(64 * 1024)).A!.length, 64 * 1024 - 18);
  assert.equal(
    codeOf(() => parseWeChatXml(filler(64 * 1024 + 1))),
    "too_large",
  );
  assert.equal(
    codeOf(() => parseWeChatXml("<xml><A>1</A></xml>", { maxBytes: 10 })),
    "too_large",
  );
  const chinese = `<xml><A>${"码".repeat(10)}</A></xml>`; // 28 characters, 48 bytes
  assert.equal(
    codeOf(() => parseWeChatXml(chinese, { maxBytes: 40 })),
    "too_large",
  );
  assert.equal(parseWeChatXml(chinese, { maxBytes: 48 }).A, "码".repeat(10));
});

test("anything but one well-formed <xml> root is malformed", () => {
  for (const body of [
    "",
    "success",
    "<xml><A>1</B></xml>",
    "<xml><A>1</A>",
    "<root><A>1</A></root>",
    "<xml><A>1</A></xml><xml><A>2</A></xml>",
    "<xml><A>1</A><A>2</A></xml>",
    "<xml><__proto__>1</__proto__></xml>",
    '{"A":1}',
  ]) {
    assert.equal(
      codeOf(() => parseWeChatXml(body)),
      "malformed",
      JSON.stringify(body),
    );
  }
});

test("nested elements appear under dotted paths, first item only", () => {
  const fields = parseWeChatXml(
    "<xml><MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles>" +
      "<item><Title><![CDATA[one]]></Title></item><item><Title><![CDATA[two]]></Title></item>" +
      "</Articles><Image><MediaId><![CDATA[m1]]></MediaId></Image></xml>",
  );
  assert.deepEqual(fields, {
    MsgType: "news",
    ArticleCount: "2",
    "Articles.item.Title": "one",
    "Image.MediaId": "m1",
  });
});

test('cdata() survives "]]>" and drops characters XML cannot carry', () => {
  const tricky = "a]]>b]]]]>c<![CDATA[d&amp;";
  assert.equal(parseWeChatXml(`<xml><A>${cdata(tricky)}</A></xml>`).A, tricky);
  assert.equal(parseWeChatXml(`<xml><A>${cdata("x\u0000y\u0008z\uFFFEw")}</A></xml>`).A, "xyzw");
  assert.equal(parseWeChatXml(`<xml><A>${cdata("tab\tnl\n🎉")}</A></xml>`).A, "tab\tnl\n🎉");
  assert.equal(cdata("plain"), "<![CDATA[plain]]>");
});

test("a refusal stays short whatever the body: the parser's list of open tags is not echoed", () => {
  const body = `<xml>${Array.from({ length: 500 }, (_, i) => `<T${i}${"x".repeat(100)}>`).join("")}`; // 52 KB, 501 tags: under the limits
  assert.throws(
    () => parseWeChatXml(body),
    (err: unknown) => err instanceof WeChatXmlError && err.code === "malformed" && err.message.length <= 250,
  );
});

test("a push of more tags than WeChat ever sends is refused before it is parsed", () => {
  const fields = (n: number) => `<xml>${Array.from({ length: n - 2 }, (_, i) => `<F${i}/>`).join("")}</xml>`; // n tags in all
  assert.equal(Object.keys(parseWeChatXml(fields(PUSH_ACCEPTANCE.maxTags))).length, PUSH_ACCEPTANCE.maxTags - 2);
  assert.throws(
    () => parseWeChatXml(fields(PUSH_ACCEPTANCE.maxTags + 1)),
    (error: unknown) => error instanceof WeChatXmlError && error.code === "malformed" && /512 tags/.test(error.message),
  );
});
