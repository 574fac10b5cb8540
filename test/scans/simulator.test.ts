import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AccountRecord } from "@/lib/db/accounts";
import { buildReplyXml, openInbound, parseWeChatXml, sealReply, InboundError, type AccountKeys } from "@/lib/wechat";
import { sceneKey, simulatePlainFollow, simulateScan, simulateUnfollow } from "@/lib/scans/simulator";
import { freshDatabase } from "../helpers/database";

// The simulator against a real webhook peer: a node:http server on 127.0.0.1 that checks every
// push with lib/wechat's openInbound and answers with sealReply, as our webhook does.

process.env.ENCRYPTION_KEY = "test-key";

const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

function account(mode: AccountRecord["mode"], appId = `wxsim${mode}`): AccountRecord {
  return {
    id: 1,
    appId,
    name: `sim ${mode}`,
    originalId: "gh_0123456789ab",
    appSecret: "secret",
    token: `token-${appId}`,
    encodingAesKey: mode === "plain" ? null : AES_KEY,
    mode,
    apiBase: null,
    sandbox: true,
    timeZone: "Asia/Shanghai",
  };
}

const keysOf = (a: AccountRecord): AccountKeys => ({
  appId: a.appId,
  token: a.token,
  encodingAesKey: a.encodingAesKey,
  mode: a.mode,
});

type Seen = { query: URLSearchParams; body: string; fields: Record<string, string>; encrypted: boolean };
/** What the peer does with the n-th request (0-based) of the current test. */
type Behaviour = "reply" | "hang" | "http500" | "success" | "empty" | "tampered";

let peer: http.Server;
let peerUrl = "";
let seen: Seen[] = [];
let plan: Behaviour[] = [];
let currentAccount: AccountRecord = account("plain");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  peer = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    const keys = keysOf(currentAccount);
    let inbound: ReturnType<typeof openInbound>;
    try {
      inbound = openInbound(keys, query, body);
    } catch (err) {
      const status = err instanceof InboundError ? err.status : 500;
      res.writeHead(status).end(String((err as Error).message));
      return;
    }
    const n = seen.push({ query, body, fields: inbound.fields, encrypted: inbound.encrypted }) - 1;
    const behaviour = plan[n] ?? "reply";
    if (behaviour === "hang") await sleep(700);
    if (behaviour === "http500") return void res.writeHead(500).end("database restarting");
    if (behaviour === "success") return void res.writeHead(200).end("success");
    if (behaviour === "empty") return void res.writeHead(200).end("");
    const f = inbound.fields;
    const xml = buildReplyXml(
      { type: "text", content: `${f.Event}:${f.EventKey ?? "-"}:attempt${n + 1}` },
      { toUser: f.FromUserName, fromUser: f.ToUserName, createTime: Math.floor(Date.now() / 1000) },
    );
    let sealed = sealReply(keys, xml, inbound);
    if (behaviour === "tampered") sealed = sealed.replace(/<MsgSignature><!\[CDATA\[[0-9a-f]/, "<MsgSignature><![CDATA[z");
    if (!res.destroyed) res.writeHead(200, { "content-type": "application/xml" }).end(sealed);
  });
  await new Promise<void>((resolve) => peer.listen(0, "127.0.0.1", resolve));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/api/wechat/x`;
});

after(async () => {
  peer.closeAllConnections();
  await new Promise((resolve) => peer.close(resolve));
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

function reset(a: AccountRecord, behaviours: Behaviour[] = []) {
  currentAccount = a;
  seen = [];
  plan = behaviours;
}

test("a new follower scanning: subscribe + qrscene_<scene> + Ticket, in all three modes, reply decrypted", async () => {
  for (const mode of ["plain", "compatible", "safe"] as const) {
    const a = account(mode);
    reset(a);
    const result = await simulateScan({
      account: a,
      webhookUrl: peerUrl,
      openid: "o_fan_1",
      scene: { sceneId: 42 },
      ticket: "gQH+ticket==",
      alreadyFollower: false,
    });
    assert.equal(result.attempts, 1);
    assert.equal(result.status, 200);
    assert.equal(result.error, undefined);
    assert.ok(typeof result.reply === "object");
    assert.equal(result.reply.Content, "subscribe:qrscene_42:attempt1", mode);
    assert.equal(result.reply.ToUserName, "o_fan_1");
    assert.equal(result.reply.FromUserName, "gh_0123456789ab");

    assert.equal(seen.length, 1);
    const [push] = seen;
    assert.deepEqual(
      { ...push.fields, CreateTime: undefined },
      {
        ToUserName: "gh_0123456789ab",
        FromUserName: "o_fan_1",
        CreateTime: undefined,
        MsgType: "event",
        Event: "subscribe",
        EventKey: "qrscene_42",
        Ticket: "gQH+ticket==",
      },
    );
    assert.equal(push.query.get("openid"), "o_fan_1");
    assert.equal(push.encrypted, mode !== "plain");
    const outer = parseWeChatXml(push.body);
    if (mode === "plain") assert.equal(outer.Encrypt, undefined);
    if (mode === "compatible") assert.ok(outer.Encrypt && outer.EventKey === "qrscene_42", "plain fields and <Encrypt>");
    if (mode === "safe") assert.deepEqual(Object.keys(outer).sort(), ["Encrypt", "ToUserName"], "safe mode hides everything");
    if (mode !== "plain") assert.match(result.rawBody, /^<xml><Encrypt>/, "the reply came back encrypted");
  }
});

test("an existing follower scanning: SCAN with the bare scene; string and 32-bit unsigned scenes", async () => {
  const a = account("safe");
  reset(a);
  const str = await simulateScan({
    account: a,
    webhookUrl: peerUrl,
    openid: "o_fan_2",
    scene: { sceneStr: "poster_qrscene_x" },
    ticket: "t1",
    alreadyFollower: true,
  });
  assert.equal((str.reply as Record<string, string>).Content, "SCAN:poster_qrscene_x:attempt1");
  const big = await simulateScan({
    account: a,
    webhookUrl: peerUrl,
    openid: "o_fan_2",
    scene: { sceneId: 4_294_967_295n },
    ticket: "t2",
    alreadyFollower: false,
  });
  assert.equal((big.reply as Record<string, string>).Content, "subscribe:qrscene_4294967295:attempt2");
  assert.equal(seen[0].fields.Event, "SCAN");
  assert.equal(seen[0].fields.EventKey, "poster_qrscene_x");
  assert.equal(seen[0].fields.Ticket, "t1");
});

test("a webhook slower than the timeout gets the identical push again (same CreateTime), in every mode", async () => {
  for (const mode of ["plain", "safe"] as const) {
    const a = account(mode);
    reset(a, ["hang", "reply"]);
    const started = Date.now();
    const result = await simulateScan({
      account: a,
      webhookUrl: peerUrl,
      openid: "o_slow",
      scene: { sceneId: 7 },
      ticket: "tk",
      alreadyFollower: false,
      timeoutMs: 300,
    });
    assert.equal(result.attempts, 2, mode);
    assert.equal(result.status, 200);
    assert.equal((result.reply as Record<string, string>).Content, "subscribe:qrscene_7:attempt2");
    assert.equal(seen.length, 2);
    assert.equal(seen[0].fields.CreateTime, seen[1].fields.CreateTime, "WeChat retries with the same CreateTime");
    assert.equal(seen[0].body, seen[1].body, "and the same body");
    assert.equal(seen[0].query.toString(), seen[1].query.toString(), "and the same signed query");
    assert.ok(Date.now() - started >= 300, "the retry came after the timeout");
  }
});

test("no answer at all: three attempts, WeChat's cadence, then status 0 with the reason", async () => {
  const a = account("compatible");
  reset(a, ["hang", "hang", "hang"]);
  const createTime = 1_700_000_000;
  const started = Date.now();
  const result = await simulateScan({
    account: a,
    webhookUrl: peerUrl,
    openid: "o_lost",
    scene: { sceneId: 8 },
    ticket: "tk",
    alreadyFollower: true,
    timeoutMs: 200,
    createTime,
  });
  assert.equal(result.attempts, 3);
  assert.equal(result.status, 0);
  assert.equal(result.reply, "");
  assert.match(result.error ?? "", /did not answer within 200 ms \(3 attempts\)/);
  assert.ok(Date.now() - started >= 600);
  assert.equal(seen.length, 3);
  assert.deepEqual(
    seen.map((s) => s.fields.CreateTime),
    ["1700000000", "1700000000", "1700000000"],
  );
});

test("HTTP 5xx is retried, 4xx is not; a refused connection is retried then reported", async () => {
  const a = account("plain");
  reset(a, ["http500", "http500", "reply"]);
  const recovered = await simulateUnfollow({ account: a, webhookUrl: peerUrl, openid: "o_gone", timeoutMs: 150 });
  assert.equal(recovered.attempts, 3);
  assert.equal(recovered.status, 200);
  assert.equal(
    (recovered.reply as Record<string, string>).Content,
    "unsubscribe::attempt3",
    "unsubscribe carries an empty EventKey",
  );

  // A webhook that does not know this account's token answers 401: WeChat does not retry that.
  reset(account("plain", "wxother"));
  const refused = await simulateScan({
    account: a,
    webhookUrl: peerUrl,
    openid: "o_x",
    scene: { sceneId: 1 },
    ticket: "t",
    alreadyFollower: false,
  });
  assert.equal(refused.attempts, 1);
  assert.equal(refused.status, 401);
  assert.equal(refused.reply, "");
  assert.match(refused.error ?? "", /HTTP 401/);

  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const down = await simulatePlainFollow({
    account: a,
    webhookUrl: `http://127.0.0.1:${port}/api/wechat/x`,
    openid: "o_y",
    timeoutMs: 100,
  });
  assert.equal(down.attempts, 3);
  assert.equal(down.status, 0);
  assert.match(down.error ?? "", /could not reach the webhook/);
});

test('"success" and the empty body mean no reply; an unreadable encrypted reply is reported', async () => {
  const a = account("safe");
  reset(a, ["success", "empty", "tampered"]);
  const base = { account: a, webhookUrl: peerUrl, openid: "o_q", scene: { sceneStr: "s" }, ticket: "t", alreadyFollower: true };
  assert.equal((await simulateScan(base)).reply, "success");
  assert.equal((await simulateScan(base)).reply, "");
  const bad = await simulateScan(base);
  assert.equal(bad.status, 200);
  assert.equal(bad.reply, "");
  assert.match(bad.error ?? "", /unreadable reply: MsgSignature/);
});

test("plain follows and unfollows share the delivery; scene arguments are checked", async () => {
  const a = account("compatible");
  reset(a);
  const plainFollow = await simulatePlainFollow({ account: a, webhookUrl: peerUrl, openid: "o_p" });
  assert.equal((plainFollow.reply as Record<string, string>).Content, "subscribe::attempt1");
  const afterPayment = await simulatePlainFollow({
    account: a,
    webhookUrl: peerUrl,
    openid: "o_p",
    eventKey: "last_trade_no_4200001",
  });
  assert.equal((afterPayment.reply as Record<string, string>).Content, "subscribe:last_trade_no_4200001:attempt2");
  assert.equal(seen[0].fields.Ticket, undefined);
  await assert.rejects(simulatePlainFollow({ account: a, webhookUrl: peerUrl, openid: "o_p", eventKey: "qrscene_1" }), TypeError);
  await assert.rejects(
    simulateScan({ account: a, webhookUrl: peerUrl, openid: "", scene: { sceneId: 1 }, ticket: "t", alreadyFollower: false }),
    TypeError,
  );
  assert.throws(() => sceneKey({}), TypeError);
  assert.throws(() => sceneKey({ sceneId: 1, sceneStr: "a" }), TypeError);
  assert.throws(() => sceneKey({ sceneId: -1 }), TypeError);
  assert.equal(sceneKey({ sceneId: 0 }), "0");
  assert.equal(seen.length, 2, "refused arguments sent nothing");
});

test("a test scan of a sandbox ticket pushes the ticket's own scene, subscribe for a stranger and SCAN for a follower; unknown, expired or foreign tickets are refused", async () => {
  process.env.DATABASE_URL = await freshDatabase();
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { createTicket, parseQrRequest } = await import("@/lib/sandbox/tickets");
  const { simulateScanOfTicket, TicketScanError } = await import("@/lib/sandbox/ticket-scan");
  const stored = await upsertAccount({
    appId: "wxticketscan01",
    name: "t",
    appSecret: "s",
    token: "tok",
    encodingAesKey: AES_KEY,
    mode: "safe",
    originalId: "gh_ticket",
  });
  const now = Date.now();
  const make = async (body: unknown) => {
    const parsed = parseQrRequest(body);
    assert.ok(parsed.ok);
    const created = await createTicket(stored.appId, parsed.value, now);
    assert.ok(created.ok);
    return created.value.ticket;
  };
  const temporary = await make({
    expire_seconds: 60,
    action_name: "QR_SCENE",
    action_info: { scene: { scene_id: 3_000_000_000 } },
  });
  const noScene = await make({ action_name: "QR_LIMIT_SCENE", action_info: {} });

  reset(stored);
  const scanned = await simulateScanOfTicket({
    account: stored,
    webhookUrl: peerUrl,
    openid: "o_t",
    ticket: temporary,
  });
  assert.equal(scanned.event, "subscribe", "o_t never followed: the sandbox pushes subscribe");
  assert.equal((scanned.reply as Record<string, string>).Content, "subscribe:qrscene_3000000000:attempt1");
  assert.equal(seen[0].fields.Ticket, temporary);
  assert.equal(scanned.ticket.scene, "3000000000");
  const zero = await simulateScanOfTicket({
    account: stored,
    webhookUrl: peerUrl,
    openid: "o_t",
    ticket: noScene,
  });
  assert.equal(zero.event, "SCAN", "o_t follows since the first scan: the sandbox pushes SCAN");
  assert.equal((zero.reply as Record<string, string>).Content, "SCAN:0:attempt2", "a code made without a scene scans as scene 0");

  const refusal = (code: string) => (err: unknown) => err instanceof TicketScanError && err.code === code;
  await assert.rejects(
    simulateScanOfTicket({ account: stored, webhookUrl: peerUrl, openid: "o_t", ticket: "nope" }),
    refusal("unknown_ticket"),
  );
  await assert.rejects(
    simulateScanOfTicket({
      account: stored,
      webhookUrl: peerUrl,
      openid: "o_t",
      ticket: temporary,
      now: now + 61_000,
    }),
    refusal("code_expired"),
  );
  await assert.rejects(
    simulateScanOfTicket({
      account: account("safe", "wxsomeoneelse"),
      webhookUrl: peerUrl,
      openid: "o_t",
      ticket: temporary,
    }),
    refusal("wrong_account"),
  );
  assert.equal(seen.length, 2);
});

test("a simulated text message's own MsgId is always one WeChat could send (a positive 64-bit integer)", async () => {
  const { newMsgId } = await import("@/lib/scans/simulator");
  const { buildTextMessageXml } = await import("@/lib/wechat/outbound-push");
  for (let i = 0; i < 2000; i++) {
    const id = newMsgId();
    assert.match(id, /^[1-9][0-9]{18}$/);
    assert.ok(BigInt(id) < 2n ** 63n);
    buildTextMessageXml({ toUser: "gh_x", fromUser: "o", createTime: 1, content: "hi", msgId: id });
  }
});
