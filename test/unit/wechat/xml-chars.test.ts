import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWeChatXml, WeChatXmlError } from "@/lib/wechat";

test("characters XML cannot hold are malformed wherever they are, not only inside a field", () => {
  for (const xml of [
    "<xml><A>x</A>\u0000</xml>",
    "<xml>\u0001<A>x</A></xml>",
    "<xml><A>\ud800</A></xml>",
    "<xml><A>a\u001fb</A></xml>",
  ])
    assert.throws(
      () => parseWeChatXml(xml),
      (error: unknown) => error instanceof WeChatXmlError && error.code === "malformed",
      JSON.stringify(xml),
    );
  assert.deepEqual(parseWeChatXml("<xml><A>\t😀\u00e9\r\n</A></xml>"), { A: "😀\u00e9" });
});
