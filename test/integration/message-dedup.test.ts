import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { buildPush, cdata, generateEncodingAesKey, openReply, type AccountKeys } from "@/lib/wechat";

// Issue 8, defect 14: WeChat de-duplicates messages (MsgType ≠ event) by MsgId alone; a retry may
// carry another CreateTime. Events keep their key (FromUserName, CreateTime, Event, EventKey).

let app: RunningApp;
let accountId = 0;
const keys: AccountKeys = {
  appId: "wx_message_dedup",
  token: "msgdedup",
  encodingAesKey: generateEncodingAesKey(),
  mode: "safe",
};

before(async () => {
  app = await startApp();
  const { upsertAccount } = await import("@/lib/db/accounts");
  accountId = (await upsertAccount({ ...keys, name: "messages", appSecret: "secret", originalId: "gh_messages" })).id;
});
after(() => stopApp(app));

const textMessage = (m: { from: string; createTime: number; msgId: string }) =>
  `<xml><ToUserName>${cdata("gh_messages")}</ToUserName><FromUserName>${cdata(m.from)}</FromUserName>` +
  `<CreateTime>${m.createTime}</CreateTime><MsgType>${cdata("text")}</MsgType><Content>${cdata("你好")}</Content>` +
  `<MsgId>${m.msgId}</MsgId></xml>`;

async function deliver(xml: string) {
  const { query: q, body } = buildPush(keys, xml);
  const res = await fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${q}`, { method: "POST", body });
  const text = await res.text();
  return { status: res.status, reply: res.ok ? openReply(keys, text, true) : text };
}

const processed = async () =>
  (
    await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM processed_messages WHERE account_id = $1", [
      accountId,
    ])
  )[0].n;

test("the same MsgId with CreateTime+1 is recorded once and answered with the same reply", async () => {
  const createTime = Math.floor(Date.now() / 1000) - 5;
  const first = await deliver(textMessage({ from: "o_writer", createTime, msgId: "6012345678901234567" }));
  assert.equal(first.status, 200, String(first.reply));
  assert.equal(await processed(), 1);

  for (const later of [1, 2]) {
    const retry = await deliver(textMessage({ from: "o_writer", createTime: createTime + later, msgId: "6012345678901234567" }));
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.reply, first.reply);
  }
  assert.equal(await processed(), 1, "a retry with another CreateTime is the same message");

  const next = await deliver(textMessage({ from: "o_writer", createTime: createTime + 1, msgId: "6012345678901234568" }));
  assert.equal(next.status, 200);
  assert.equal(await processed(), 2, "another MsgId is another message");
});

test("retries of one MsgId arriving together are still one message", async () => {
  const createTime = Math.floor(Date.now() / 1000) - 5;
  const msgId = "6012345678901234999";
  const before = await processed();
  const answers = await Promise.all(
    [0, 1, 2, 3, 4, 5].map((i) => deliver(textMessage({ from: "o_hasty", createTime: createTime + i, msgId }))),
  );
  for (const answer of answers) assert.equal(answer.status, 200);
  assert.equal(await processed(), before + 1);
});
