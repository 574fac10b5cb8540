import { test } from "node:test";
import assert from "node:assert/strict";
import { newFollowerSequence } from "@/components/codes/follow-up-sequence";
import { splitTags, tagsProblem } from "@/components/codes/tags-editor";
import { followUpBubbles } from "@/components/replies/follow-up-progress";
import { replySequence } from "@/lib/follow-ups/sequence";
import type { Translate } from "@/lib/i18n/locale";
import type { SceneTarget } from "@/lib/db/webhook-config";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import type { CustomMessage } from "@/lib/wechat";

// Issue 10, points 2 and 3: what the dashboard shows before anything is sent — the editor's
// sequence must be the webhook's, the test scan's statuses follow the deliveries, and the tags
// form refuses what the API would.

const welcome: ReplyInput = { type: "text", content: "欢迎关注！" };
const codeReplies: (ReplyInput | null)[] = [
  null,
  { type: "text", content: "谜面" },
  { type: "news", title: "谜底", url: "https://example.com/a", description: "点开" },
  { type: "image", mediaId: "MEDIA" },
];
const hint: CustomMessage = { type: "text", content: "提示" };
const card: CustomMessage = {
  type: "miniprogrampage",
  title: "小程序",
  appId: "wx0123456789abcdef",
  pagePath: "p",
  thumbMediaId: "T",
};

const followUpLists: CustomMessage[][] = [[], [hint], [hint, card]];

test("the follow-ups editor previews exactly what the webhook sends a new follower", () => {
  const event = { kind: "scan", subscribed: true, openid: "o", createTime: 0, scene: "s", ticket: "t" } as const;
  for (const reply of codeReplies)
    for (const follow of [welcome, null])
      for (const welcomeFirst of [true, false])
        for (const messages of followUpLists) {
          const target: SceneTarget = {
            qrCodeId: 1,
            reply,
            archived: false,
            validFrom: null,
            validTo: null,
            tags: [],
            followUps: messages,
            welcomeFirst,
          };
          const served = replySequence(event, { follow, scan: null }, target);
          const shown = newFollowerSequence({ welcomeFirst, messages }, reply, follow);
          assert.deepEqual(shown, served, JSON.stringify({ reply, follow, welcomeFirst, messages: messages.length }));
        }
});

test("a test scan's bubbles: sending until delivered, then sent or failed with the errcode; unconfirmed after 30 s; untracked without an event", () => {
  const delivery = (position: number, status: "sent" | "failed", errcode: number | null = null) => ({
    position,
    status,
    errcode,
    errmsg: errcode ? "out of response count limit" : null,
    at: "2026-01-01T00:00:00.000Z",
  });
  const status = (bubbles: ReturnType<typeof followUpBubbles>) => bubbles.map((b) => [b.status, b.errcode ?? null]);
  assert.deepEqual(status(followUpBubbles([hint, card], [], false)), [
    ["sending", null],
    ["sending", null],
  ]);
  assert.deepEqual(status(followUpBubbles([hint, card], [delivery(1, "sent")], false)), [
    ["sent", null],
    ["sending", null],
  ]);
  assert.deepEqual(status(followUpBubbles([hint, card], [delivery(2, "failed", 45047)], true)), [
    ["unconfirmed", null],
    ["failed", 45047],
  ]);
  assert.deepEqual(status(followUpBubbles([hint], null, false)), [["untracked", null]]);
});

test("the tags form splits at commas and refuses what the API refuses: 21 tags, a name over 30 bytes", () => {
  const t = ((key: string, vars?: Record<string, unknown>) => `${key} ${JSON.stringify(vars ?? {})}`) as unknown as Translate;
  assert.deepEqual(splitTags(" 地铁,春季，海报A\n, "), ["地铁", "春季", "海报A"]);
  assert.equal(tagsProblem(["地铁", "春季"], t), undefined);
  assert.match(
    tagsProblem(
      Array.from({ length: 21 }, (_, i) => `t${i}`),
      t,
    ) ?? "",
    /^tags\.v\.tooMany .*"max":20/,
  );
  assert.match(tagsProblem(["地铁", "一二三四五六七八九十一"], t) ?? "", /^tags\.v\.tooLong .*"name":"一二三四五六七八九十一"/);
  assert.equal(tagsProblem(["一二三四五六七八九十"], t), undefined, "10 Chinese characters are 30 bytes");
});
