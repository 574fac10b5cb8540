import { test } from "node:test";
import assert from "node:assert/strict";
import { deliveredReply, draftFrom, draftToInput, validateDraft } from "@/components/replies/reply-draft";
import { replies } from "@/lib/i18n/messages/replies";

const empty = draftFrom(null);

test("the editor validates with the API's schema and names each field in words both languages have", () => {
  assert.deepEqual(validateDraft({ ...empty, content: "   " }).errors, { content: { key: "replies.v.required" } });
  assert.deepEqual(validateDraft({ ...empty, content: "字".repeat(2049) }).errors, {
    content: { key: "replies.v.tooLong", vars: { max: 2048 } },
  });
  assert.deepEqual(validateDraft({ ...empty, type: "image", mediaId: "" }).errors, { mediaId: { key: "replies.v.required" } });
  const news = validateDraft({
    ...empty,
    type: "news",
    title: "",
    picUrl: "not a url",
    url: "example.com/a",
    description: "d".repeat(513),
  });
  assert.deepEqual(Object.keys(news.errors).sort(), ["description", "picUrl", "title", "url"]);
  assert.equal(news.errors.picUrl?.key, "replies.v.url");
  assert.equal(news.reply, null);
  for (const message of Object.values(news.errors)) {
    assert.ok(replies.zh[message!.key] && replies.en[message!.key], message!.key);
  }
});

test("valid drafts become exactly what the API accepts; empty optional article fields are left out", () => {
  assert.deepEqual(validateDraft({ ...empty, content: " 谜底：灯笼 " }).reply, { type: "text", content: "谜底：灯笼" });
  const article = { ...empty, type: "news" as const, title: "灯谜", description: "", picUrl: "  ", url: "https://example.com/a" };
  assert.deepEqual(draftToInput(article), { type: "news", title: "灯谜", url: "https://example.com/a" });
  assert.deepEqual(validateDraft(article).reply, { type: "news", title: "灯谜", url: "https://example.com/a" });
  // switching type keeps what was typed for the other types
  assert.deepEqual(draftToInput({ ...article, type: "text", content: "x" }), { type: "text", content: "x" });
});

test("a saved reply round-trips through the draft unchanged", () => {
  const cases = [
    { type: "text", content: "第一行\n第二行" },
    { type: "image", mediaId: "MEDIA_123" },
    { type: "news", title: "t", description: "d", picUrl: "https://e.com/p.png", url: "https://e.com" },
    { type: "news", title: "only a title" },
  ] as const;
  for (const reply of cases) {
    assert.deepEqual(validateDraft(draftFrom(reply)).reply, reply);
  }
});

test("the delivered passive reply is read back into what the phone shows", () => {
  assert.deepEqual(deliveredReply({ ToUserName: "o", MsgType: "text", Content: "谜底：汤圆" }), {
    type: "text",
    content: "谜底：汤圆",
  });
  assert.deepEqual(deliveredReply({ MsgType: "image", "Image.MediaId": "M1" }), { type: "image", mediaId: "M1" });
  assert.deepEqual(
    deliveredReply({
      MsgType: "news",
      ArticleCount: "1",
      "Articles.item.Title": "T",
      "Articles.item.Description": "",
      "Articles.item.PicUrl": "https://e.com/p.png",
      "Articles.item.Url": "",
    }),
    { type: "news", title: "T", description: undefined, picUrl: "https://e.com/p.png", url: undefined },
  );
  assert.equal(deliveredReply("success"), null);
  assert.equal(deliveredReply(""), null);
  assert.equal(deliveredReply({ MsgType: "voice" }), null);
});
