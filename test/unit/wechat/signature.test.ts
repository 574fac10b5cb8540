import assert from "node:assert/strict";
import { test } from "node:test";
import { checkMsgSignature, checkSignature, msgSignature, sha1Sorted } from "../../../lib/wechat/signature";
import { componentSample, pythonSample, urlSignatures } from "./vectors";

test("checkSignature accepts published URL signatures", () => {
  for (const v of urlSignatures) {
    assert.equal(checkSignature(v.token, v.timestamp, v.nonce, v.signature), true, v.signature);
  }
});

test("checkSignature refuses a signature when any piece differs", () => {
  const v = urlSignatures[1]!;
  assert.equal(checkSignature("wechat2", v.timestamp, v.nonce, v.signature), false);
  assert.equal(checkSignature(v.token, "1744100072", v.nonce, v.signature), false);
  assert.equal(checkSignature(v.token, v.timestamp, "952645421", v.signature), false);
  assert.equal(checkSignature(v.token, v.timestamp, v.nonce, v.signature.replace(/^3/, "4")), false);
  assert.equal(checkSignature(v.token, v.timestamp, v.nonce, v.signature.slice(0, 39)), false);
});

test("checkSignature is false when a piece is missing", () => {
  const v = urlSignatures[0]!;
  assert.equal(checkSignature("", v.timestamp, v.nonce, v.signature), false);
  assert.equal(checkSignature(v.token, null, v.nonce, v.signature), false);
  assert.equal(checkSignature(v.token, v.timestamp, undefined, v.signature), false);
  assert.equal(checkSignature(v.token, v.timestamp, v.nonce, ""), false);
  // sha1 of "" sorted with nothing must not pass for an empty token either
  assert.equal(checkSignature("", "", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"), false);
});

test("sha1Sorted sorts before hashing, whatever the input order", () => {
  const { token, timestamp, nonce, encrypt, msgSignature: expected } = pythonSample;
  assert.equal(sha1Sorted([token, timestamp, nonce, encrypt]), expected);
  assert.equal(sha1Sorted([encrypt, nonce, token, timestamp]), expected);
  const parts = [nonce, token];
  sha1Sorted(parts);
  assert.deepEqual(parts, [nonce, token], "input array is left as given");
});

test("msgSignature matches the official samples", () => {
  const p = pythonSample;
  assert.equal(msgSignature(p.token, p.timestamp, p.nonce, p.encrypt), p.msgSignature);
  const c = componentSample;
  assert.equal(msgSignature(c.token, c.replyTimestamp, c.replyNonce, c.replyCipher), c.replySignature);
});

test("checkMsgSignature binds the signature to the ciphertext", () => {
  const p = pythonSample;
  assert.equal(checkMsgSignature(p.token, p.timestamp, p.nonce, p.encrypt, p.msgSignature), true);
  assert.equal(checkMsgSignature(p.token, p.timestamp, p.nonce, p.encrypt.replace("hyz", "hyZ"), p.msgSignature), false);
  assert.equal(checkMsgSignature(p.token, p.timestamp, p.nonce, "", p.msgSignature), false);
  assert.equal(checkMsgSignature(p.token, p.timestamp, p.nonce, p.encrypt, null), false);
});
