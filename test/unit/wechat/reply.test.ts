import assert from "node:assert/strict";
import { test } from "node:test";
import { buildEncryptedReply, buildReplyXml } from "../../../lib/wechat/reply";
import { parseWeChatXml } from "../../../lib/wechat/xml";

const to = { toUser: "oFan1", fromUser: "gh_abc", createTime: 1700000000 };

test("a text reply has WeChat’s documented layout", () => {
  assert.equal(
    buildReplyXml({ type: "text", content: "你好" }, to),
    "<xml><ToUserName><![CDATA[oFan1]]></ToUserName><FromUserName><![CDATA[gh_abc]]></FromUserName>" +
      "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>",
  );
});

test('text replies round-trip through the parser, markup and "]]>" included', () => {
  const content = "Riddle: <b>what</b> & ]]> why?\n答案在下面";
  assert.deepEqual(parseWeChatXml(buildReplyXml({ type: "text", content }, to)), {
    ToUserName: "oFan1",
    FromUserName: "gh_abc",
    CreateTime: "1700000000",
    MsgType: "text",
    Content: content,
  });
});

test("image replies carry the media id in <Image><MediaId>", () => {
  assert.deepEqual(parseWeChatXml(buildReplyXml({ type: "image", mediaId: "MEDIA_1" }, to)), {
    ToUserName: "oFan1",
    FromUserName: "gh_abc",
    CreateTime: "1700000000",
    MsgType: "image",
    "Image.MediaId": "MEDIA_1",
  });
});

test("news replies hold exactly one article", () => {
  const full = parseWeChatXml(
    buildReplyXml({ type: "news", title: "T", description: "D", picUrl: "https://p/x.png", url: "https://u/?a=1&b=2" }, to),
  );
  assert.deepEqual(full, {
    ToUserName: "oFan1",
    FromUserName: "gh_abc",
    CreateTime: "1700000000",
    MsgType: "news",
    ArticleCount: "1",
    "Articles.item.Title": "T",
    "Articles.item.Description": "D",
    "Articles.item.PicUrl": "https://p/x.png",
    "Articles.item.Url": "https://u/?a=1&b=2",
  });
  const bare = buildReplyXml({ type: "news", title: "Only" }, to);
  assert.equal(bare.match(/<item>/g)?.length, 1);
  assert.equal(parseWeChatXml(bare)["Articles.item.Url"], "");
});

test("createTime must be an integer", () => {
  assert.throws(() => buildReplyXml({ type: "text", content: "x" }, { ...to, createTime: 1.5 }), TypeError);
  assert.throws(() => buildReplyXml({ type: "text", content: "x" }, { ...to, createTime: Number.NaN }), TypeError);
});

test("the encrypted envelope has Encrypt, MsgSignature, TimeStamp, Nonce", () => {
  const xml = buildEncryptedReply("c2VhbGVk", "abc123", "1700000000", "4242");
  assert.equal(
    xml,
    "<xml><Encrypt><![CDATA[c2VhbGVk]]></Encrypt><MsgSignature><![CDATA[abc123]]></MsgSignature>" +
      "<TimeStamp>1700000000</TimeStamp><Nonce><![CDATA[4242]]></Nonce></xml>",
  );
  assert.deepEqual(parseWeChatXml(xml), { Encrypt: "c2VhbGVk", MsgSignature: "abc123", TimeStamp: "1700000000", Nonce: "4242" });
  assert.throws(() => buildEncryptedReply("x", "y", "17<a/>", "n"), TypeError);
});
