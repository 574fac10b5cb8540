import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import {
  WeChatApiClient,
  WeChatApiError,
  WeChatInputError,
  type AccessToken,
  type TokenStore,
} from "../../../lib/wechat/api-client";
import { TAG_RULES } from "../../../lib/wechat/limits";

// The tags and customer-service message methods: the requests WeChat's documentation spells, the
// answers read, errcodes passed on with their meaning, and input WeChat would refuse never sent.

type Seen = { method: string; path: string; token: string | null; body: any };

let server: Server;
let base = "";
let seen: Seen[] = [];
let script: Record<string, unknown>[] = [];

class OneToken implements TokenStore {
  current: AccessToken | null = null;
  async read() {
    return this.current;
  }
  async refresh(refresher: (current: AccessToken | null) => Promise<AccessToken>) {
    this.current = await refresher(this.current);
    return this.current;
  }
}

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    res.setHeader("content-type", "application/json");
    if (url.pathname === "/cgi-bin/stable_token") return res.end(JSON.stringify({ access_token: "TOKEN", expires_in: 7200 }));
    seen.push({
      method: req.method!,
      path: url.pathname,
      token: url.searchParams.get("access_token"),
      body: raw ? JSON.parse(raw) : null,
    });
    res.end(JSON.stringify(script.shift() ?? { errcode: 0, errmsg: "ok" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  script = [];
});

const client = () =>
  new WeChatApiClient({ apiBase: base, appId: "wxAPP", appSecret: "SECRET", tokens: new OneToken(), sleep: async () => {} });

async function refusal(promise: Promise<unknown>): Promise<WeChatApiError> {
  const err = await promise.then(
    () => assert.fail("expected a refusal"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WeChatApiError, String(err));
  return err;
}

test("getTags is a GET of tags/get and reads id, name and count", async () => {
  script.push({
    tags: [
      { id: 2, name: "星标组", count: 0 },
      { id: 100, name: "渠道A", count: 5 },
    ],
  });
  assert.deepEqual(await client().getTags(), [
    { id: 2, name: "星标组", count: 0 },
    { id: 100, name: "渠道A", count: 5 },
  ]);
  assert.deepEqual(seen, [{ method: "GET", path: "/cgi-bin/tags/get", token: "TOKEN", body: null }]);
});

test("createTag posts {tag:{name}}; 45157 and 45056 come back with their meaning", async () => {
  script.push({ tag: { id: 134, name: "广东" } });
  assert.deepEqual(await client().createTag("广东"), { id: 134, name: "广东" });
  assert.deepEqual(seen[0], { method: "POST", path: "/cgi-bin/tags/create", token: "TOKEN", body: { tag: { name: "广东" } } });

  script.push({ errcode: 45157, errmsg: "invalid tag name rid: 6a1b-2c" });
  const exists = await refusal(client().createTag("广东"));
  assert.equal(exists.errcode, 45157);
  assert.equal(exists.errmsg, "invalid tag name rid: 6a1b-2c");
  assert.match(exists.message, /already exists/);

  script.push({ errcode: 45056, errmsg: "too many tags now, no need to add new" });
  assert.match((await refusal(client().createTag("more"))).message, /maximum of 100 tags/);
});

test("createTag refuses a name over 30 bytes before calling WeChat", async () => {
  await assert.rejects(client().createTag("一二三四五六七八九十一"), WeChatInputError);
  await assert.rejects(client().createTag(" "), WeChatInputError);
  await client()
    .createTag("一二三四五六七八九十")
    .catch(() => {});
  assert.equal(seen.length, 1, "only the 30-byte name was sent");
});

test("batchTagging posts {openid_list, tagid}; more than 50 openids is refused before any call", async () => {
  const openids = Array.from({ length: TAG_RULES.openidsPerBatch }, (_, i) => `oUser${i}`);
  await client().batchTagging(134, openids);
  assert.deepEqual(seen[0].body, { openid_list: openids, tagid: 134 });
  assert.equal(seen[0].path, "/cgi-bin/tags/members/batchtagging");

  await assert.rejects(client().batchTagging(134, [...openids, "oOneMore"]), (e: unknown) => {
    assert.ok(e instanceof WeChatInputError);
    assert.equal(e.field, "openids");
    return true;
  });
  await assert.rejects(client().batchTagging(134, []), WeChatInputError);
  await assert.rejects(client().batchTagging(134, ["bad openid"]), WeChatInputError);
  assert.equal(seen.length, 1);

  script.push({ errcode: 45059, errmsg: "has too many tags, no more than 20 tags allowed for one user" });
  const full = await refusal(client().batchTagging(134, ["oUser1"]));
  assert.equal(full.errcode, 45059);
  assert.match(full.message, /20 tags/);
});

test("getUserTagIds posts {openid} to tags/getidlist and reads tagid_list", async () => {
  script.push({ tagid_list: [134, 2] });
  assert.deepEqual(await client().getUserTagIds("oUser1"), [134, 2]);
  assert.deepEqual(seen[0], { method: "POST", path: "/cgi-bin/tags/getidlist", token: "TOKEN", body: { openid: "oUser1" } });
});

test("sendCustomMessage sends each message type as WeChat spells it", async () => {
  const c = client();
  await c.sendCustomMessage("oUser1", { type: "text", content: "你好" });
  await c.sendCustomMessage("oUser1", { type: "image", mediaId: "MEDIA_1" });
  await c.sendCustomMessage("oUser1", {
    type: "news",
    title: "T",
    description: "D",
    url: "https://e.example/a",
    picUrl: "https://e.example/p.jpg",
  });
  await c.sendCustomMessage("oUser1", {
    type: "miniprogrampage",
    title: "M",
    appId: "wxMINI",
    pagePath: "pages/i",
    thumbMediaId: "THUMB",
  });
  assert.ok(seen.every((s) => s.path === "/cgi-bin/message/custom/send" && s.method === "POST"));
  assert.deepEqual(
    seen.map((s) => s.body),
    [
      { touser: "oUser1", msgtype: "text", text: { content: "你好" } },
      { touser: "oUser1", msgtype: "image", image: { media_id: "MEDIA_1" } },
      {
        touser: "oUser1",
        msgtype: "news",
        news: { articles: [{ title: "T", description: "D", url: "https://e.example/a", picurl: "https://e.example/p.jpg" }] },
      },
      {
        touser: "oUser1",
        msgtype: "miniprogrampage",
        miniprogrampage: { title: "M", appid: "wxMINI", pagepath: "pages/i", thumb_media_id: "THUMB" },
      },
    ],
  );
});

test("sendCustomMessage: quota and window refusals are passed on with their meaning, not retried", async () => {
  for (const [errcode, meaning] of [
    [45047, /limit of messages/],
    [45015, /window .* has closed/],
    [43004, /does not follow/],
    [40003, /openid/],
  ] as const) {
    seen = [];
    script.push({ errcode, errmsg: "whatever the origin says" });
    const err = await refusal(client().sendCustomMessage("oUser1", { type: "text", content: "hi" }));
    assert.equal(err.errcode, errcode);
    assert.equal(err.kind, "other");
    assert.match(err.message, meaning);
    assert.doesNotMatch(err.errmsg, /whatever/, "the errmsg is WeChat's own words, not what the origin sent");
    assert.equal(seen.length, 1, `${errcode} is not retried`);
  }
});

test("sendCustomMessage refuses what WeChat would (too long, unknown type, bad openid) before any call", async () => {
  const c = client();
  await assert.rejects(c.sendCustomMessage("oUser1", { type: "text", content: "x".repeat(2049) }), WeChatInputError);
  await assert.rejects(c.sendCustomMessage("oUser1", { type: "voice" } as never), WeChatInputError);
  await assert.rejects(c.sendCustomMessage("o User", { type: "text", content: "hi" }), WeChatInputError);
  await assert.rejects(c.sendCustomMessage("oUser1", { type: "image", mediaId: "" }), WeChatInputError);
  assert.equal(seen.length, 0);
});

test("busy -1 is retried for a custom message; a token refusal renews once", async () => {
  script.push({ errcode: -1, errmsg: "system error" }, { errcode: 40001, errmsg: "invalid credential" });
  await client().sendCustomMessage("oUser1", { type: "text", content: "hi" });
  assert.equal(seen.length, 3);
});
