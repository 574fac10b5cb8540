import { test } from "node:test";
import assert from "node:assert/strict";
import {
  captionLine,
  captionRoom,
  ELLIPSIS,
  fillCaption,
  fitCaption,
  placementProblem,
  type PosterLayout,
} from "@/lib/posters/layout";

// Every character is 10 px wide: widths are easy to count.
const measure = (s: string) => Array.from(s).length * 10;

const layout: PosterLayout = {
  width: 400,
  height: 600,
  qrX: 100,
  qrY: 100,
  qrSize: 200,
  captionText: "{channel} · {name}",
  captionX: 200,
  captionY: 500,
  captionSize: 24,
  captionColor: "#000000",
  captionAlign: "center",
};

test("the caption's fields are filled per code; unknown braces stay; no campaign is empty", () => {
  const values = { channel: "地铁", name: "2号线", campaign: null };
  assert.equal(fillCaption("{channel}-{name}-{campaign}-{other}", values), "地铁-2号线--{other}");
  assert.equal(fillCaption("{campaign}", { ...values, campaign: "双十一" }), "双十一");
  assert.equal(fillCaption("扫码关注", values), "扫码关注");
});

test("the room a caption has depends on its alignment and stays on the poster", () => {
  assert.equal(captionRoom({ width: 400, captionX: 200, captionAlign: "center" }), 400);
  assert.equal(captionRoom({ width: 400, captionX: 100, captionAlign: "center" }), 200);
  assert.equal(captionRoom({ width: 400, captionX: 350, captionAlign: "center" }), 100);
  assert.equal(captionRoom({ width: 400, captionX: 100, captionAlign: "left" }), 300);
  assert.equal(captionRoom({ width: 400, captionX: 100, captionAlign: "right" }), 100);
  assert.equal(captionRoom({ width: 400, captionX: 900, captionAlign: "left" }), 0);
});

test("a caption wider than its room is cut at a character and ends with …, never wider than the room", () => {
  assert.equal(fitCaption("短文字", 100, measure), "短文字");
  assert.equal(fitCaption("一二三四五六七八九十", 100, measure), "一二三四五六七八九十");
  assert.equal(fitCaption("一二三四五六七八九十拾", 100, measure), `一二三四五六七八九${ELLIPSIS}`);
  assert.equal(fitCaption("abc", 15, measure), ELLIPSIS);
  assert.equal(fitCaption("abc", 5, measure), "");
  // surrogate pairs are one character, never cut in half
  assert.equal(fitCaption("😀😀😀😀", 30, measure), `😀😀${ELLIPSIS}`);
  for (let room = 0; room < 200; room += 7) {
    const fitted = fitCaption("渠道海报的说明文字很长很长很长", room, measure);
    assert.ok(measure(fitted) <= room, `${fitted} fits ${room}`);
  }
});

test("the caption line is the filled text fitted to the poster width at the template's anchor", () => {
  const line = captionLine(
    { ...layout, captionAlign: "left", captionX: 300 },
    { channel: "地铁二号线", name: "车厢广告位", campaign: null },
    measure,
  );
  assert.deepEqual({ x: line.x, y: line.y }, { x: 300, y: 500 });
  assert.ok(measure(line.text) <= 100);
  assert.ok(line.text.endsWith(ELLIPSIS));
  assert.equal(captionLine(layout, { channel: "地铁", name: "A", campaign: null }, measure).text, "地铁 · A");
});

test("the code must be large enough and lie inside the background; the caption must start on it", () => {
  assert.equal(placementProblem(layout), null);
  assert.equal(placementProblem({ ...layout, qrX: 200, qrSize: 200 }), null, "touching the right edge is inside");
  assert.equal(placementProblem({ ...layout, qrSize: 99 })?.field, "qrSize");
  assert.equal(placementProblem({ ...layout, qrSize: 401 })?.field, "qrSize");
  assert.equal(placementProblem({ ...layout, qrX: 201 })?.field, "qrX");
  assert.equal(placementProblem({ ...layout, qrY: 401 })?.field, "qrY");
  assert.equal(placementProblem({ ...layout, qrX: -1 })?.field, "qrX");
  assert.equal(placementProblem({ ...layout, captionX: 401 })?.field, "captionX");
  assert.equal(placementProblem({ ...layout, captionY: 600 })?.field, "captionY");
  assert.match(placementProblem({ ...layout, qrX: 250 })?.message ?? "", /inside the 400×600 background/);
});
