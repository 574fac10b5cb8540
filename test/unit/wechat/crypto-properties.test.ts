import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkMsgSignature,
  checkSignature,
  generateEncodingAesKey,
  msgSignature,
  sha1Sorted,
  WeChatCipher,
  WeChatCryptoError,
} from "@/lib/wechat";

// Property-based tests (issue 8, point 3) of the signature and the AES scheme: round trips for any
// input, and anything else refused with our typed error, never another exception.

const anyText = fc.string({ unit: "binary", maxLength: 80 });
const piece = fc.oneof(anyText, fc.constantFrom(null, undefined, ""));
const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const encodingAesKey = fc.string({ unit: fc.constantFrom(...BASE64_CHARS), minLength: 43, maxLength: 43 });
const appId = fc.oneof(fc.stringMatching(/^wx[0-9a-f]{16}$/), anyText);

test("a signature made from token, timestamp and nonce verifies, in any case, and changing any part breaks it", () => {
  fc.assert(
    fc.property(anyText, anyText, anyText, (token, timestamp, nonce) => {
      fc.pre(token !== "" && timestamp !== "" && nonce !== "");
      const signature = sha1Sorted([token, timestamp, nonce]);
      assert.equal(checkSignature(token, timestamp, nonce, signature), true);
      assert.equal(checkSignature(token, timestamp, nonce, signature.toUpperCase()), true);
      assert.equal(checkSignature(`${token}x`, timestamp, nonce, signature), false);
      assert.equal(checkSignature(token, timestamp, nonce, `${signature}0`), false);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(anyText, anyText, anyText, anyText, (token, timestamp, nonce, encrypt) => {
      fc.pre(token !== "" && timestamp !== "" && nonce !== "" && encrypt !== "");
      const signature = msgSignature(token, timestamp, nonce, encrypt);
      assert.equal(checkMsgSignature(token, timestamp, nonce, encrypt, signature), true);
      assert.equal(checkMsgSignature(token, timestamp, nonce, `${encrypt}=`, signature), false);
    }),
    { numRuns: 500 },
  );
});

test("checking a signature never throws, whatever is given (missing, empty, any text, any length)", () => {
  fc.assert(
    fc.property(piece, piece, piece, piece, piece, (a, b, c, d, e) => {
      assert.equal(typeof checkSignature(a, b, c, d), "boolean");
      assert.equal(typeof checkMsgSignature(a, b, c, d, e), "boolean");
    }),
    { numRuns: 2000 },
  );
});

test("encrypt then decrypt gives back any message for any AppID", () => {
  fc.assert(
    fc.property(encodingAesKey, appId, anyText, fc.uint8Array({ minLength: 16, maxLength: 16 }), (key, id, xml, random) => {
      const cipher = new WeChatCipher(key, id);
      const sealed = cipher.encrypt(xml, Buffer.from(random));
      assert.equal(cipher.decrypt(sealed), Buffer.from(xml, "utf8").toString("utf8"), "the message, as UTF-8 carries it");
      assert.equal(Buffer.from(sealed, "base64").length % 32, 0, "padded to WeChat's 32 bytes");
    }),
    { numRuns: 300 },
  );
});

test("a message sealed for one AppID is refused for another", () => {
  fc.assert(
    fc.property(encodingAesKey, appId, appId, anyText, (key, mine, theirs, xml) => {
      fc.pre(Buffer.from(mine, "utf8").toString("utf8") !== Buffer.from(theirs, "utf8").toString("utf8"));
      const sealed = new WeChatCipher(key, theirs).encrypt(xml);
      assert.throws(
        () => new WeChatCipher(key, mine).decrypt(sealed),
        (error: unknown) => error instanceof WeChatCryptoError && error.code === "appid_mismatch",
      );
    }),
    { numRuns: 200 },
  );
});

/** Only our typed refusal may come out of decrypt, never a crypto library's or a RangeError. */
function decryptsOrRefuses(cipher: WeChatCipher, input: string) {
  try {
    assert.equal(typeof cipher.decrypt(input), "string");
  } catch (error) {
    if (!(error instanceof WeChatCryptoError)) throw error;
  }
}

test("arbitrary bytes, base64 and padding are decrypted or refused with WeChatCryptoError, never another error", () => {
  const key = generateEncodingAesKey();
  const cipher = new WeChatCipher(key, "wx0123456789abcdef");
  const blocks = fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("base64"));
  const wholeBlocks = fc
    .integer({ min: 1, max: 8 })
    .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n }).map((bytes) => Buffer.from(bytes).toString("base64")));
  const damaged = fc.tuple(anyText, fc.nat(), fc.nat({ max: 255 })).map(([xml, at, bit]) => {
    const sealed = Buffer.from(cipher.encrypt(xml), "base64");
    sealed[at % sealed.length] ^= bit || 1;
    return sealed.toString("base64");
  });
  const truncated = fc.tuple(anyText, fc.nat()).map(([xml, cut]) => {
    const sealed = cipher.encrypt(xml);
    return sealed.slice(0, cut % sealed.length);
  });
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 120 }),
    fc.string({ unit: fc.constantFrom(..."AB+/=="), maxLength: 90 }),
  );
  fc.assert(
    fc.property(fc.oneof(blocks, wholeBlocks, damaged, truncated, text), (input) => decryptsOrRefuses(cipher, input)),
    { numRuns: 3000 },
  );
});

test("a key that is not 43 characters of base64 is refused with WeChatCryptoError", () => {
  fc.assert(
    fc.property(fc.oneof(anyText, fc.string({ unit: fc.constantFrom(...BASE64_CHARS), maxLength: 50 })), (key) => {
      try {
        new WeChatCipher(key, "wx0123456789abcdef");
        assert.match(key, /^[A-Za-z0-9+/]{43}$/);
      } catch (error) {
        if (!(error instanceof WeChatCryptoError)) throw error;
        assert.equal(error.code, "bad_key");
      }
    }),
    { numRuns: 1000 },
  );
});
