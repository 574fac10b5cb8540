import { test } from "node:test";
import assert from "node:assert/strict";
import { clientAddress, UNKNOWN_ADDRESS } from "@/lib/auth/client-address";

// The last X-Forwarded-For entry is the peer our own server saw; each trusted hop moves one left.

test("with no trusted proxy the client's own entries are ignored", () => {
  assert.equal(clientAddress("6.6.6.6, 127.0.0.1", 0), "127.0.0.1");
  assert.equal(clientAddress(["6.6.6.6", "7.7.7.7, 192.0.2.1"], 0), "192.0.2.1");
});

test("each trusted hop believes one more entry, never past the first", () => {
  assert.equal(clientAddress("6.6.6.6, 203.0.113.5, 10.0.0.2", 1), "203.0.113.5");
  assert.equal(clientAddress("6.6.6.6, 203.0.113.5, 10.0.0.2", 2), "6.6.6.6");
  assert.equal(clientAddress("10.0.0.2", 3), "10.0.0.2");
});

test("one spelling per address, and anything that is no address counts as unknown", () => {
  assert.equal(clientAddress("::ffff:192.0.2.7", 0), "192.0.2.7");
  assert.equal(clientAddress("2001:DB8::1", 0), "2001:db8::1");
  for (const junk of [undefined, null, "", " , ", "evil\u0000, x", "1.2.3.4:80", `fe80::1%${"a".repeat(80)}`])
    assert.equal(clientAddress(junk, 0), UNKNOWN_ADDRESS, String(junk));
});
