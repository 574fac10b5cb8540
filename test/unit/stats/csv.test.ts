import { test } from "node:test";
import assert from "node:assert/strict";
import { toCsv } from "@/lib/csv";
import { csvPercent, eventsCsv, statsTableCsv, type ExportedEvent } from "@/lib/stats/csv";
import { METRICS, RATIOS, countsOf } from "@/lib/stats/metrics";
import { begunBuckets } from "@/components/stats/dates";
import { formatClock } from "@/components/stats/format";
import { phoneClock } from "@/components/replies/phone-preview";

// The two CSV exports as Excel opens them, in both languages (issue 11, point 6).

// Each person follows once here, so people and events agree (newFollowers, unfollowers where METRICS has them).
const counts = (scans: number, uniqueScanners: number, newFollows: number, unfollows: number) =>
  countsOf({ scans, uniqueScanners, newFollows, unfollows, newFollowers: newFollows, unfollowers: unfollows } as Parameters<
    typeof countsOf
  >[0]);

const byCode = {
  groupBy: "qrcode" as const,
  rows: [
    { key: "7", label: "地铁 A 口", ...counts(3, 3, 2, 1) },
    { key: "9", label: '=SUM(A1) "hi", there', ...counts(1, 1, 0, 0) },
  ],
  totals: counts(4, 4, 2, 1),
};
const details = new Map([
  [7, { id: 7, scene: "subway-a", channel: "地铁", campaign: "双十一" }],
  [9, { id: 9, scene: "100", channel: "朋友圈, 广告", campaign: null }],
]);

test("the stats table: headers in the UI's language, per-code id/scene/channel/campaign, placeholder, totals, conversion", () => {
  const zh = statsTableCsv(byCode, "zh", details);
  assert.deepEqual(zh.header.slice(0, 5), ["二维码", "二维码 ID", "场景值", "渠道", "活动"]);
  assert.equal(zh.header.length, 5 + METRICS.length + RATIOS.length, "a column per metric and ratio, taken from METRICS");
  assert.equal(zh.header[5], "扫码次数");
  assert.equal(zh.header.at(-1), "关注转化率");
  assert.deepEqual(zh.rows[0].slice(0, 5), ["地铁 A 口", "7", "subway-a", "地铁", "双十一"]);
  assert.equal(zh.rows[1][4], "（无活动）", "a code without a campaign shows the UI's placeholder");
  assert.equal(zh.rows[0].at(-1), "66.7%");
  assert.deepEqual(zh.rows.at(-1)!.slice(0, 5), ["合计", null, null, null, null]);
  assert.equal(zh.rows.at(-1)!.at(-1), "50.0%");

  const en = statsTableCsv(byCode, "en", details);
  assert.deepEqual(en.header.slice(0, 6), ["QR code", "QR code ID", "Scene", "Channel", "Campaign", "Scans"]);
  assert.equal(en.header.at(-1), "Follow conversion");
  assert.equal(en.rows[1][4], "(no campaign)");
  assert.equal(en.rows.at(-1)![0], "Total");

  const csv = toCsv(zh.header, zh.rows);
  assert.ok(csv.startsWith("\uFEFF二维码,二维码 ID,场景值,渠道,活动,扫码次数,"), "UTF-8 BOM, then the header");
  const lines = csv.slice(1).split("\r\n");
  assert.equal(lines[2], `"'=SUM(A1) ""hi"", there",9,100,"朋友圈, 广告",（无活动）,1,1,0,0,0,0,0,0.0%`);
});

test("by channel or campaign: the group's name first, the no-campaign row and nobody-scanned conversion", () => {
  const table = {
    groupBy: "campaign" as const,
    rows: [
      { key: "", label: "", ...counts(2, 2, 1, 0) },
      { key: "3", label: "元宵", ...counts(0, 0, 0, 1) },
    ],
    totals: counts(2, 2, 1, 1),
  };
  const zh = statsTableCsv(table, "zh");
  assert.equal(zh.header[0], "活动");
  assert.equal(zh.header.length, 1 + METRICS.length + RATIOS.length);
  assert.equal(zh.rows[0][0], "（无活动）");
  assert.equal(zh.rows[1].at(-1), "", "no scanners: no share, not 0 %");
  assert.equal(statsTableCsv({ ...table, groupBy: "channel" }, "en").header[0], "Channel");
  assert.equal(csvPercent(1), "100.0%");
  assert.equal(csvPercent(null), "");
});

test("raw events: the time column names the account's zone; kinds, states and the placeholder in the UI's language", () => {
  const event: ExportedEvent = {
    localTime: "2026-12-02 08:24:05",
    kind: "scan_subscribe",
    openid: "o_1",
    scene: "subway-a",
    qrCodeId: 7,
    qrCode: "地铁 A 口",
    channel: "地铁",
    campaign: null,
    codeState: null,
  };
  const zh = eventsCsv("zh", "Asia/Shanghai");
  assert.deepEqual(zh.header, [
    "时间 (Asia/Shanghai)",
    "事件",
    "openid",
    "场景值",
    "二维码 ID",
    "二维码",
    "渠道",
    "活动",
    "未计入原因",
  ]);
  assert.deepEqual(zh.row(event), [
    "2026-12-02 08:24:05",
    "扫码关注",
    "o_1",
    "subway-a",
    7,
    "地铁 A 口",
    "地铁",
    "（无活动）",
    null,
  ]);
  const ended = { ...event, kind: "scan" as const, qrCodeId: null, qrCode: null, channel: null, codeState: "ended" as const };
  assert.deepEqual(zh.row(ended).slice(1), ["已关注用户扫码", "o_1", "subway-a", null, null, null, null, "二维码已结束"]);

  const en = eventsCsv("en", "Europe/Berlin");
  assert.equal(en.header[0], "Time (Europe/Berlin)");
  assert.deepEqual(en.header.slice(1), [
    "Event",
    "openid",
    "Scene",
    "QR code ID",
    "QR code",
    "Channel",
    "Campaign",
    "Not counted because",
  ]);
  assert.deepEqual(en.row({ ...event, kind: "unfollow", campaign: "双十一" }).slice(1, 2), ["Unfollow"]);
  assert.equal(en.row(event)[7], "(no campaign)");
  assert.equal(en.row(ended)[8], "code ended");
  assert.equal(
    en.row({ ...ended, kind: "follow", scene: null, codeState: null })[7],
    null,
    "a plain follow has no code, so no campaign",
  );
});

test("the hourly chart draws only the hours that have begun", () => {
  const hours = ["2026-12-02T00:00:00Z", "2026-12-02T01:00:00Z", "2026-12-02T02:00:00Z"].map((start) => ({ start }));
  assert.equal(begunBuckets(hours, Date.parse("2026-12-02T01:30:00Z")), 2, "the hour in progress is drawn, the next is not");
  assert.equal(begunBuckets(hours, Date.parse("2026-12-01T23:00:00Z")), 0);
  assert.equal(begunBuckets(hours, Date.parse("2026-12-03T00:00:00Z")), 3);
});

test("one clock: 'updated at' and the phone preview tell the account's time, whatever the browser's zone", () => {
  const instant = new Date("2026-12-01T16:24:05Z"); // 00:24 on the 2nd in Shanghai
  assert.equal(formatClock(instant, "zh", "Asia/Shanghai"), "00:24:05");
  assert.equal(formatClock(instant, "en", "Asia/Shanghai"), "00:24:05");
  assert.equal(formatClock(instant, "en", "Europe/Berlin"), "17:24:05");
  assert.equal(phoneClock(instant, "Asia/Shanghai"), "00:24");
  assert.equal(phoneClock(instant, "UTC"), "16:24");
});
