import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { cdata, generateEncodingAesKey, msgSignature, sha1Sorted, type AccountKeys } from "@/lib/wechat";

// Issue 8, point 3: arbitrary bodies and query strings sent to the live webhook never get a 5xx,
// never write a row and never leave a stack trace in the log — signed or not, encrypted or not.

let app: RunningApp;
const accounts: AccountKeys[] = [
  { appId: "wx_fuzz_plain", token: "fuzzplain", encodingAesKey: null, mode: "plain" },
  { appId: "wx_fuzz_safe", token: "fuzzsafe", encodingAesKey: generateEncodingAesKey(), mode: "safe" },
];

before(async () => {
  app = await startApp();
  const { upsertAccount } = await import("@/lib/db/accounts");
  for (const keys of accounts) await upsertAccount({ ...keys, name: keys.appId, appSecret: "secret", originalId: "gh_fuzz" });
});
after(() => stopApp(app));

const written = async () =>
  (
    await query<{ n: number }>(
      app.databaseUrl,
      "SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM processed_messages) + (SELECT count(*) FROM followers))::int AS n",
    )
  )[0].n;

const anyText = fc.string({ unit: "binary", maxLength: 80 });
// Pieces of WeChat pushes (never a MsgType: no arbitrary body may be a valid push that is rightly recorded).
const piece = fc.constantFrom(
  "<xml>",
  "</xml>",
  "<ToUserName>",
  "</ToUserName>",
  "<FromUserName>",
  "</FromUserName>",
  "<CreateTime>",
  "</CreateTime>",
  "<Event>",
  "subscribe",
  "</Event>",
  "<Encrypt>",
  "</Encrypt>",
  "<![CDATA[",
  "]]>",
  "&amp;",
  "&#0;",
  "&xxe;",
  '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  "<?xml version='1.0'?>",
  "\u0000",
  "\uFEFF",
  "😀",
  "999999999999999",
  "AAAA",
  "====",
);
const body = fc.oneof(
  anyText,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.array(piece, { maxLength: 30 }).map((parts) => parts.join("")),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => `<xml><Encrypt>${cdata(Buffer.from(bytes).toString("base64"))}</Encrypt></xml>`),
);
const params = fc.dictionary(
  fc.constantFrom("signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature", "echostr", "x", "\u0000"),
  fc.oneof(anyText, fc.constantFrom("aes", "raw", "", String(Math.floor(Date.now() / 1000)), "%00", "\u0000")),
);

/** A request WeChat's servers could not have sent, signed with the account's token (or not). */
const request = fc.record({
  keys: fc.constantFrom(...accounts),
  appId: fc.oneof(
    fc.constant(undefined),
    anyText.filter((id) => id !== ""),
    fc.constantFrom("%00", "wx_fuzz_plain%00", "..%2f..", "%ff"),
  ),
  method: fc.constantFrom("POST", "POST", "POST", "GET"),
  params,
  sign: fc.boolean(),
  body,
});

test("arbitrary pushes to the webhook never get a 5xx, never write a row, never leave a stack trace", async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(request, async ({ keys, appId, method, params: given, sign, body: sent }) => {
      const q = new URLSearchParams(given);
      if (sign) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = q.get("nonce") || "1";
        q.set("timestamp", timestamp);
        q.set("nonce", nonce);
        q.set("signature", sha1Sorted([keys.token, timestamp, nonce]));
        const encrypt = /<Encrypt><!\[CDATA\[([^\]]*)]]>/.exec(String(sent))?.[1];
        if (encrypt !== undefined) {
          q.set("encrypt_type", "aes");
          q.set("msg_signature", msgSignature(keys.token, timestamp, nonce, encrypt));
        }
      }
      const path = appId === undefined ? keys.appId : /%/.test(appId) ? appId : encodeURIComponent(appId);
      const since = app.output().length;
      const res = await fetch(`${app.baseUrl}/api/wechat/${path}?${q}`, {
        method,
        body: method === "POST" ? sent : undefined,
      });
      const answer = await res.text();
      assert.ok(res.status < 500, `${res.status} ${answer.slice(0, 200)}`);
      assert.ok(answer.length <= 4096, `a ${answer.length}-character answer`);
      const log = app.output().slice(since);
      assert.doesNotMatch(log, /\n\s+at \S|unexpected error|please retry/, log.slice(0, 1000));
    }),
    { numRuns: 600, interruptAfterTimeLimit: 25_000, includeErrorInReport: true },
  );
  assert.equal(await written(), 0, "a refused push was recorded");
  assert.ok(Date.now() - started < 30_000);
});

// The property's first find: Next answered its own 500 for an appId that is not UTF-8 once decoded.
test("an appId that does not decode (%ff) is an unknown account: 404, for GET and POST", async () => {
  for (const method of ["GET", "POST"]) {
    const since = app.output().length;
    const res = await fetch(`${app.baseUrl}/api/wechat/%ff?signature=s&timestamp=1&nonce=1`, {
      method,
      body: method === "POST" ? "<xml/>" : undefined,
    });
    assert.equal(res.status, 404, method);
    assert.equal(await res.text(), "unknown appId");
    assert.equal(app.output().slice(since), "");
  }
});
