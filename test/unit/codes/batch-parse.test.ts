import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBatch, splitCells } from "@/components/codes/batch-parse";

test("one channel per line: blank lines skipped, name is the channel, line numbers kept", () => {
  const parsed = parseBatch("地铁2号线\r\n\n  门店A  \n朋友圈广告\n");
  assert.equal(parsed.format, "lines");
  assert.deepEqual(parsed.rows, [
    { line: 1, channel: "地铁2号线", name: "地铁2号线" },
    { line: 3, channel: "门店A", name: "门店A" },
    { line: 4, channel: "朋友圈广告", name: "朋友圈广告" },
  ]);
  assert.equal(parsed.duplicates.size, 0);
});

test("CSV with a header in any column order, quoted cells, and a BOM", () => {
  const parsed = parseBatch('\uFEFFname,channel,sceneStr\n"Poster, big",地铁,metro_2\n门店,门店A,\n');
  assert.equal(parsed.format, "table");
  assert.deepEqual(parsed.rows, [
    { line: 2, channel: "地铁", name: "Poster, big", sceneStr: "metro_2" },
    { line: 3, channel: "门店A", name: "门店" },
  ]);
});

test("headerless CSV is channel,name,sceneStr; spreadsheet pastes are tab-separated; Chinese headers work", () => {
  assert.deepEqual(parseBatch("地铁,海报A,s1\n门店").rows, [
    { line: 1, channel: "地铁", name: "海报A", sceneStr: "s1" },
    { line: 2, channel: "门店", name: "门店" },
  ]);
  assert.deepEqual(parseBatch("渠道\t名称\t场景值\n地铁\t海报\tabc").rows, [
    { line: 2, channel: "地铁", name: "海报", sceneStr: "abc" },
  ]);
  assert.deepEqual(splitCells('a,"b ""q""",c'), ["a", 'b "q"', "c"]);
});

test("repeated channel+name or scene rows are flagged", () => {
  const parsed = parseBatch("a\nb\na\n");
  assert.deepEqual([...parsed.duplicates], [2]);
  const scenes = parseBatch("x,n1,s\ny,n2,s\n");
  assert.deepEqual([...scenes.duplicates], [1]);
});
