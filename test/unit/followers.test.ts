import { test } from "node:test";
import assert from "node:assert/strict";
import { localDateTime } from "@/lib/csv";
import { encodeCursor, followersQuery } from "@/lib/validation/followers";

test("CSV times are on the account's wall clock, 24-hour, midnight as 00", () => {
  assert.equal(localDateTime(new Date("2026-03-01T16:00:00Z"), "Asia/Shanghai"), "2026-03-02 00:00:00");
  assert.equal(localDateTime(new Date("2026-03-02T06:03:05.999Z"), "Asia/Shanghai"), "2026-03-02 14:03:05");
  assert.equal(localDateTime(new Date("2026-07-01T12:00:00Z"), "America/New_York"), "2026-07-01 08:00:00", "summer time");
  assert.equal(localDateTime(null, "UTC"), "");
});

test("a page's cursor comes back as the follow time and openid it was made of; anything else is refused on `after`", () => {
  const cursor = { followedAt: new Date("2026-03-02T01:06:00.123Z"), openid: "o_B,\n?" };
  const parsed = followersQuery.parse({ qrCodeId: "1", after: encodeCursor(cursor) });
  assert.deepEqual(parsed.after, cursor, "an openid is taken whole, line breaks and all");
  for (const after of ["", "bm90IGEgY3Vyc29y", Buffer.from("2026-13-01T00:00:00.000Z\no").toString("base64url")]) {
    const result = followersQuery.safeParse({ qrCodeId: "1", after });
    assert.equal(result.success, false, after);
    assert.deepEqual(
      result.error?.issues.map((i) => i.path.join(".")),
      ["after"],
    );
  }
});
