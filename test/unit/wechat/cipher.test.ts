import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv } from "node:crypto";
import { test } from "node:test";
import { WeChatCipher, WeChatCryptoError } from "../../../lib/wechat/cipher";
import { OFFICIAL_KEY, componentSample, javaSample, pythonSample } from "./vectors";

const keyBytes = (encodingAesKey: string) => Buffer.from(`${encodingAesKey}=`, "base64");

/** AES-256-CBC without any padding of its own: lets the tests build plaintexts WeChat would never send. */
function sealRaw(encodingAesKey: string, plain: Buffer): string {
  const key = keyBytes(encodingAesKey);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString("base64");
}

function openRaw(encodingAesKey: string, b64: string): Buffer {
  const key = keyBytes(encodingAesKey);
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(b64, "base64")), d.final()]);
}

function frame(xml: string, appId: string, padTo = 32, random = Buffer.alloc(16, 7)): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(Buffer.byteLength(xml), 0);
  const body = Buffer.concat([random, len, Buffer.from(xml), Buffer.from(appId)]);
  const pad = padTo - (body.length % padTo);
  return Buffer.concat([body, Buffer.alloc(pad, pad)]);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WeChatCryptoError, `expected WeChatCryptoError, got ${String(err)}`);
    return err.code;
  }
  assert.fail("expected a WeChatCryptoError, nothing was thrown");
}

const cipher = new WeChatCipher(OFFICIAL_KEY, javaSample.appId);

test("encrypt reproduces the official Java sample ciphertexts", () => {
  const random = Buffer.from(javaSample.random);
  assert.equal(cipher.encrypt(javaSample.plain, random), javaSample.cipher);
  assert.equal(cipher.encrypt(javaSample.plain2, random), javaSample.cipher2);
});

test("encrypt reproduces the official reply under an all-zero key", () => {
  const c = new WeChatCipher(componentSample.key, componentSample.appId);
  assert.equal(c.encrypt(componentSample.reply, Buffer.from(componentSample.random)), componentSample.replyCipher);
});

test("decrypt opens the official Python sample byte for byte", () => {
  const c = new WeChatCipher(OFFICIAL_KEY, pythonSample.appId);
  assert.equal(c.decrypt(pythonSample.encrypt), pythonSample.decrypted);
  assert.equal(cipher.decrypt(javaSample.cipher2), javaSample.plain2);
});

test("round trip with fresh randomness each time", () => {
  const xml = "<xml><Content><![CDATA[扫码 ]]> emoji 🎉]]></Content></xml>";
  const a = cipher.encrypt(xml);
  const b = cipher.encrypt(xml);
  assert.notEqual(a, b);
  assert.equal(cipher.decrypt(a), xml);
  assert.equal(cipher.decrypt(b), xml);
  assert.equal(cipher.decrypt(cipher.encrypt("")), "");
});

test("padding is PKCS#7 to a multiple of 32, a whole block when already aligned", () => {
  for (let n = 0; n < 70; n++) {
    const sealed = Buffer.from(cipher.encrypt("x".repeat(n)), "base64");
    assert.equal(sealed.length % 32, 0, `length for n=${n}`);
  }
  // 16 random + 4 length + 26 xml + 18 appId = 64: a full 32-byte block of 32s follows
  const plain = openRaw(OFFICIAL_KEY, cipher.encrypt("y".repeat(26)));
  assert.equal(plain.length, 96);
  assert.deepEqual([...plain.subarray(64)], Array(32).fill(32));
});

test("the constructor refuses keys that are not 43 base64 characters", () => {
  assert.equal(
    codeOf(() => new WeChatCipher("abc", "wx1")),
    "bad_key",
  );
  assert.equal(
    codeOf(() => new WeChatCipher(`${OFFICIAL_KEY}H`, "wx1")),
    "bad_key",
  );
  assert.equal(
    codeOf(() => new WeChatCipher(`${OFFICIAL_KEY.slice(0, 42)}-`, "wx1")),
    "bad_key",
  );
});

test("decrypt refuses a message sealed for another AppID", () => {
  const other = new WeChatCipher(OFFICIAL_KEY, "wx0000000000000000");
  assert.equal(
    codeOf(() => cipher.decrypt(other.encrypt("<xml/>"))),
    "appid_mismatch",
  );
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, frame("<xml/>", `${javaSample.appId}x`)))),
    "appid_mismatch",
  );
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, frame("<xml/>", "")))),
    "appid_mismatch",
  );
});

test("decrypt refuses bad padding", () => {
  const good = frame("<xml/>", javaSample.appId);
  const zero = Buffer.from(good);
  zero[zero.length - 1] = 0;
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, zero))),
    "bad_padding",
  );
  const uneven = Buffer.from(good);
  uneven[uneven.length - 2]! ^= 1;
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, uneven))),
    "bad_padding",
  );
  const tooLong = Buffer.concat([good.subarray(0, good.length - 1), Buffer.from([33])]);
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, tooLong))),
    "bad_padding",
  );
});

test("decrypt refuses a length field that runs past the plaintext", () => {
  const broken = frame("<xml/>", javaSample.appId);
  broken.writeUInt32BE(1000, 16);
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, broken))),
    "bad_length",
  );
  const short = Buffer.concat([Buffer.alloc(16), Buffer.alloc(16, 16)]);
  assert.equal(
    codeOf(() => cipher.decrypt(sealRaw(OFFICIAL_KEY, short))),
    "bad_length",
  );
});

test("decrypt refuses text that is not base64 or not whole blocks", () => {
  assert.equal(
    codeOf(() => cipher.decrypt("")),
    "bad_base64",
  );
  assert.equal(
    codeOf(() => cipher.decrypt("!!!not-base64!!!")),
    "bad_base64",
  );
  assert.equal(
    codeOf(() => cipher.decrypt("abc")),
    "bad_base64",
  );
  assert.equal(
    codeOf(() => cipher.decrypt(`${javaSample.cipher} `)),
    "bad_base64",
  );
  assert.equal(
    codeOf(() => cipher.decrypt("YWJj")),
    "bad_length",
  );
});

test("decrypt refuses tampered ciphertext and the wrong key", () => {
  const sealed = Buffer.from(javaSample.cipher, "base64");
  // last byte: breaks the padding block; first byte: flips the length field (CBC carries it into block 2)
  for (const at of [sealed.length - 1, sealed.length - 17, 0]) {
    const tampered = Buffer.from(sealed);
    tampered[at]! ^= 0x80;
    const code = codeOf(() => cipher.decrypt(tampered.toString("base64")));
    assert.ok(["bad_padding", "bad_length", "appid_mismatch"].includes(code), `byte ${at}: ${code}`);
  }
  const stranger = new WeChatCipher("B".repeat(43), javaSample.appId);
  assert.throws(() => stranger.decrypt(javaSample.cipher), WeChatCryptoError);
});
