import { test } from "node:test";
import assert from "node:assert/strict";
import { VisitorLimit, VisitorLimitError } from "@/lib/qrcodes/visitor-limit";
import { generateLiveSlug, isLiveSlug } from "@/lib/qrcodes/live-slug";
import { createQrCodeSchema } from "@/lib/validation/qrcodes";

test("the visitor limit lets each address draw its share per minute, then says when to come back", () => {
  const limit = new VisitorLimit(3);
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) limit.take("203.0.113.7", t0 + i);
  assert.throws(
    () => limit.take("203.0.113.7", t0 + 20_000),
    (error: unknown) => error instanceof VisitorLimitError && error.retryAfterSeconds === 40,
  );
  limit.take("198.51.100.1", t0 + 20_000); // another address has its own share
  limit.take("203.0.113.7", t0 + 60_000); // a new minute
});

test("generated slugs are valid slugs, and distinct", () => {
  const slugs = new Set(Array.from({ length: 1000 }, generateLiveSlug));
  assert.equal(slugs.size, 1000);
  for (const slug of slugs) assert.ok(isLiveSlug(slug), slug);
  assert.ok(!isLiveSlug("ab") && !isLiveSlug("Abc") && !isLiveSlug("a_b") && !isLiveSlug("x".repeat(65)));
  assert.ok(isLiveSlug("spring-sale-2027"));
});

test("a live code is temporary, without a lifetime of its own; its slug errors name live.slug", () => {
  const base = { name: "n", channel: "c" };
  assert.ok(createQrCodeSchema.safeParse({ ...base, kind: "temporary", live: { slug: "ok-slug", perVisitor: true } }).success);
  const field = (body: unknown) => createQrCodeSchema.safeParse(body).error?.issues[0]?.path.join(".");
  assert.equal(field({ ...base, kind: "permanent", live: {} }), "kind");
  assert.equal(field({ ...base, kind: "temporary", expireSeconds: 3600, live: {} }), "expireSeconds");
  assert.equal(field({ ...base, kind: "temporary", live: { slug: "NO" } }), "live.slug");
});
