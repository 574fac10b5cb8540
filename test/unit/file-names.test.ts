import { test } from "node:test";
import assert from "node:assert/strict";
import { asciiFileName, codeFileName, contentDisposition, safeFileName, uniqueNames } from "@/lib/file-names";
import { fileNameFromDisposition } from "@/lib/client/download";

// The one rule for a code's file name: <campaign>-<channel>-<name>-<size>.<ext>.

test("campaign, channel, name and size, each part made safe; no campaign part without a campaign", () => {
  assert.equal(
    codeFileName({ campaign: "双十一", channel: "地铁/2号线", name: "海报 A" }, 430, "png"),
    "双十一-地铁_2号线-海报 A-430.png",
  );
  assert.equal(codeFileName({ campaign: null, channel: "朋友圈", name: "Poster" }, 860, "svg"), "朋友圈-Poster-860.svg");
  assert.equal(codeFileName({ campaign: "", channel: "a", name: "b" }, 64, "png"), "a-b-64.png", "an empty campaign is none");
  assert.equal(codeFileName({ campaign: "..", channel: 'x:"y"', name: "  " }, 64, "png"), "_-x_y_-_-64.png");
  const long = codeFileName({ campaign: "活".repeat(100), channel: "渠".repeat(100), name: "名".repeat(100) }, 2048, "png");
  assert.equal(long, `${"活".repeat(40)}-${"渠".repeat(40)}-${"名".repeat(60)}-2048.png`, "each part is cut to its share");
});

test("safeFileName drops separators, control and reserved characters but keeps Chinese", () => {
  assert.equal(safeFileName('地铁/2号线:"A"'), "地铁_2号线_A_");
  assert.equal(safeFileName("a\u0000b\tc"), "a_b_c");
  assert.equal(safeFileName("../etc"), "__etc");
  assert.equal(safeFileName("   "), "_");
});

test("a name given before (ignoring case) gets -2, -3 … before its extension", () => {
  const claim = uniqueNames();
  assert.deepEqual(["a-b-64.png", "a-b-64.png", "A-B-64.png", "a-b-64-2.png", "c-d-64.png", "a-b-64.png"].map(claim), [
    "a-b-64.png",
    "a-b-64-2.png",
    "A-B-64-3.png",
    "a-b-64-2-2.png",
    "c-d-64.png",
    "a-b-64-4.png",
  ]);
  assert.equal(uniqueNames()("noext"), "noext");
});

test("Content-Disposition carries an ASCII fallback and the UTF-8 name (RFC 5987), read back as the UTF-8 one", () => {
  const name = "双十一-地铁_2号线-海报 (A)'s-430.png";
  const header = contentDisposition("attachment", name);
  assert.equal(
    header,
    `attachment; filename="___-___2__-__ (A)'s-430.png"; filename*=UTF-8''%E5%8F%8C%E5%8D%81%E4%B8%80-%E5%9C%B0%E9%93%81_2%E5%8F%B7%E7%BA%BF-%E6%B5%B7%E6%8A%A5%20%28A%29%27s-430.png`,
  );
  assert.equal(fileNameFromDisposition(header, "fallback"), name);
  assert.match(contentDisposition("inline", "a-b-64.svg"), /^inline; filename="a-b-64\.svg"; filename\*=UTF-8''a-b-64\.svg$/);
  assert.equal(asciiFileName('100%"\\x'), "100___x");
  assert.match(asciiFileName("é"), /^[\x20-\x7e]+$/);
});
