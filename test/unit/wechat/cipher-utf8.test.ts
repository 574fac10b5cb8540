import { test } from "node:test";
import assert from "node:assert/strict";
import { WeChatCipher, WeChatCryptoError } from "@/lib/wechat";
import { framed, padded, sealRaw } from "../../fixtures/hostile/webhook-kit";

const KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

test("a decrypted message that is not UTF-8 is refused, not stored with U+FFFD in it", () => {
  const cipher = new WeChatCipher(KEY, "wx1");
  const latin1 = Buffer.from("<xml><FromUserName>o_caf\u00e9</FromUserName></xml>", "latin1");
  assert.throws(
    () => cipher.decrypt(sealRaw(KEY, padded(framed(latin1, "wx1")))),
    (error: unknown) => error instanceof WeChatCryptoError && error.code === "bad_utf8",
  );
  const utf8 = Buffer.from("<xml><FromUserName>o_caf\u00e9</FromUserName></xml>", "utf8");
  assert.equal(cipher.decrypt(sealRaw(KEY, padded(framed(utf8, "wx1")))), utf8.toString("utf8"));
});
