import assert from "node:assert/strict";
import { test } from "node:test";
import { QR_RULES } from "@/lib/wechat";
import { DRAWN_SCENE_PREFIX, drawnSceneCode, drawScene } from "@/lib/qrcodes/drawn-scenes";

test("a drawn scene names its code and fits WeChat's string scene", () => {
  const scene = drawScene(987_654_321);
  assert.ok(scene.startsWith(DRAWN_SCENE_PREFIX));
  assert.ok(scene.length <= QR_RULES.sceneStrChars.max);
  assert.equal(drawnSceneCode(scene), 987_654_321);
});

test("drawn scenes do not repeat", () => {
  const scenes = new Set(Array.from({ length: 10_000 }, () => drawScene(1)));
  assert.equal(scenes.size, 10_000);
});

test("scenes Qudao did not draw name no code", () => {
  for (const scene of [
    "bench",
    "123",
    "qd.0.AAAAAAAAAAAAAAAA",
    "qd.12.short",
    "qd.1234567890.AAAAAAAAAAAAAAAA",
    "qd.12.AAAAAAAAAAAAAAAA.x",
    "xqd.12.AAAAAAAAAAAAAAAA",
  ])
    assert.equal(drawnSceneCode(scene), null, scene);
});
