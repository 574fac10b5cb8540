import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import { WeChatApiClient, WeChatApiError, type AccessToken, type TokenStore } from "../../../lib/wechat/api-client";
import { checkOrigin, httpTransport, type Resolver } from "../../../lib/wechat/api-transport";
import { API_ANSWER_LIMITS } from "../../../lib/wechat/limits";
import { AllowedNetworks, addressKind } from "../../../lib/wechat/outbound-address";

// The API client against an admin-typed origin (issue 8, defect 8): a fake WeChat on 127.0.0.1
// that must never be reached without the operator's allowance, and that misbehaves on request.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A peer on 127.0.0.1 that counts what reaches it; `handle` says how it answers. */
class Peer {
  server: Server;
  hits = 0;
  handle: Handler = (_req, res) => res.end(JSON.stringify({ access_token: "T", expires_in: 7200 }));
  constructor() {
    this.server = createServer((req, res) => {
      this.hits++;
      this.handle(req, res);
    });
  }
  get port() {
    return (this.server.address() as AddressInfo).port;
  }
  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  listen() {
    return new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }
  close() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const peer = new Peer();
const elsewhere = new Peer();
const LOOPBACK = AllowedNetworks.parse("127.0.0.1");

function store(): TokenStore {
  let current: AccessToken | null = null;
  return { read: async () => current, refresh: async (refresher) => (current = await refresher(current)) };
}

function client(apiBase: string, opts: { allowed?: AllowedNetworks; resolve?: Resolver; timeoutMs?: number } = {}) {
  const { allowed = AllowedNetworks.none, resolve, timeoutMs } = opts;
  return new WeChatApiClient({
    apiBase,
    appId: "wxapp",
    appSecret: "secret",
    tokens: store(),
    transport: httpTransport({ allowed, resolve }),
    sleep: async () => {},
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

async function refusal(promise: Promise<unknown>): Promise<WeChatApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WeChatApiError, `expected a WeChatApiError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the call to fail");
}

before(async () => {
  await peer.listen();
  await elsewhere.listen();
});

beforeEach(() => {
  peer.hits = 0;
  elsewhere.hits = 0;
  peer.handle = (_req, res) => res.end(JSON.stringify({ access_token: "T", expires_in: 7200 }));
});

after(async () => {
  await peer.close();
  await elsewhere.close();
});

test("with the operator's allowance the peer on 127.0.0.1 is reached (the control for every refusal below)", async () => {
  assert.equal(await client(peer.base, { allowed: LOOPBACK }).getAccessToken(), "T");
  assert.equal(peer.hits, 1);
});

test("every spelling of a loopback, private or otherwise non-public address is refused before connecting", async () => {
  const port = peer.port;
  const loopbackForms = [
    "127.0.0.1",
    "0x7f000001",
    "2130706433",
    "127.1",
    "0177.0.0.1",
    "127.0.0.2",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "localhost",
    "0.0.0.0",
    "[::]",
  ];
  for (const host of loopbackForms) {
    const err = await refusal(client(`http://${host}:${port}`).getAccessToken());
    assert.equal(err.kind, "network", host);
    assert.match(
      err.message,
      /refused to connect to \S+.*: \S+ is an? (loopback|unspecified) address/,
      `${host}: ${err.message}`,
    );
  }
  assert.equal(peer.hits, 0, "nothing reached the peer");

  const elsewhereForms: [string, RegExp][] = [
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["192.168.1.1", /private/],
    ["100.64.0.1", /private/],
    ["169.254.169.254", /link-local/],
    ["[fe80::1]", /link-local/],
    ["[fd00::1]", /unique-local/],
    ["224.0.0.1", /multicast/],
    ["[ff02::1]", /multicast/],
    ["[::ffff:10.0.0.1]", /private/],
    ["[::ffff:169.254.169.254]", /link-local/],
    ["[64:ff9b::a9fe:a9fe]", /link-local/],
    ["255.255.255.255", /broadcast/],
  ];
  for (const [host, kind] of elsewhereForms) {
    const started = Date.now();
    const err = await refusal(client(`http://${host}/`).getAccessToken());
    assert.match(err.message, /refused to connect/, host);
    assert.match(err.message, kind, host);
    assert.ok(Date.now() - started < 1000, `${host} was refused at once, not tried`);
  }
  // Public addresses are not refused (classification only: nothing is sent to them here).
  for (const address of ["101.226.90.58", "8.8.8.8", "2402:4e00::1", "::ffff:101.226.90.58"]) {
    assert.equal(addressKind(address), null, address);
  }
});

test("the check is on the address connected to: a name that resolves elsewhere the second time is refused then", async () => {
  const answers = [["101.226.90.58"], ["127.0.0.1"]];
  const lookups: string[] = [];
  const rebinding: Resolver = (hostname, callback) => {
    lookups.push(hostname);
    callback(
      null,
      (answers.shift() ?? ["127.0.0.1"]).map((address) => ({ address, family: 4 })),
    );
  };
  const base = `http://wechat.rebind.test:${peer.port}`;
  assert.equal(await checkOrigin(base, { allowed: AllowedNetworks.none, resolve: rebinding }), null, "public when saved");
  const err = await refusal(client(base, { resolve: rebinding }).getAccessToken());
  assert.match(err.message, /refused to connect to 127\.0\.0\.1 \(wechat\.rebind\.test\): 127\.0\.0\.1 is a loopback address/);
  assert.deepEqual(lookups, ["wechat.rebind.test", "wechat.rebind.test"]);
  assert.equal(peer.hits, 0);

  // A name resolving to a refused and an allowed address connects only to the allowed one.
  const mixed: Resolver = (_hostname, callback) =>
    callback(null, [
      { address: "10.0.0.1", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ]);
  assert.match((await refusal(client(base, { resolve: mixed }).getAccessToken())).message, /10\.0\.0\.1 is a private address/);
  assert.equal(peer.hits, 0);
  assert.equal(await client(base, { resolve: mixed, allowed: LOOPBACK }).getAccessToken(), "T");
});

test("a redirect is not followed, and the body with the AppSecret is not posted again", async () => {
  for (const status of [301, 302, 307, 308]) {
    peer.handle = (_req, res) => res.writeHead(status, { location: `${elsewhere.base}/cgi-bin/stable_token` }).end();
    const err = await refusal(client(peer.base, { allowed: LOOPBACK }).getAccessToken());
    assert.equal(err.kind, "network");
    assert.equal(err.errcode, status);
    assert.match(err.message, new RegExp(`answered HTTP ${status}, a redirect, which is not followed`));
  }
  assert.equal(elsewhere.hits, 0, "the redirect's target was never asked");
});

test("a 300 MB answer is cut off after API_ANSWER_LIMITS.maxBytes, streamed or declared", async () => {
  const total = 300 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, "x");
  let written = 0;
  let declared = false;
  peer.handle = (_req, res) => {
    res.writeHead(200, declared ? { "content-length": total } : {});
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.on("close", () => res.destroy());
    pump();
  };
  for (const declare of [false, true]) {
    declared = declare;
    written = 0;
    const started = Date.now();
    const err = await refusal(client(peer.base, { allowed: LOOPBACK }).getAccessToken());
    assert.match(err.message, new RegExp(`the answer is larger than ${API_ANSWER_LIMITS.maxBytes} bytes`));
    assert.ok(Date.now() - started < 5000, `cut off at once (${Date.now() - started} ms)`);
    assert.ok(written < 64 * 1024 * 1024, `the peer could send only ${written} bytes before the connection closed`);
  }
  assert.ok(API_ANSWER_LIMITS.maxBytes >= 64 * 1024, "room for WeChat's largest JSON answers");
});

test("a slow answer ends at the deadline, headers or body", async () => {
  assert.equal(API_ANSWER_LIMITS.timeoutMs, 10_000, "the client's default deadline");
  peer.handle = () => {}; // never answers
  const started = Date.now();
  const silent = await refusal(client(peer.base, { allowed: LOOPBACK, timeoutMs: 300 }).getAccessToken());
  assert.match(silent.message, /no complete answer within 300 ms/);
  const drip: Handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 50);
    res.on("close", () => clearInterval(timer));
  };
  peer.handle = drip;
  const dripping = await refusal(client(peer.base, { allowed: LOOPBACK, timeoutMs: 300 }).getAccessToken());
  assert.match(dripping.message, /no complete answer within 300 ms/);
  assert.ok(Date.now() - started < 3000);
});

test("what the peer sends is never quoted in our errors: HTTP status, not JSON, or WeChat's own words for its errcode", async () => {
  const secret = "SECRET-INTERNAL-9f3a";
  const answers: [number, string, RegExp][] = [
    [500, `<html>${secret}</html>`, /^WeChat answered HTTP 500$/],
    [404, `{"errcode":1,"errmsg":"${secret}"}`, /HTTP 404/],
    [200, `<html>${secret}</html>`, /not JSON \(HTTP 200\)/],
    [200, `{"errcode":40013,"errmsg":"${secret} rid: 1a2b"}`, /AppID \(errcode 40013: invalid appid rid: 1a2b\)/],
    [200, `{"errcode":99999,"errmsg":"${secret}"}`, /^WeChat error errcode 99999$/],
    [200, `{"errcode":40164,"errmsg":"invalid ip ${secret}, not in whitelist"}`, /IP whitelist/],
    [200, `{"errcode":"${secret}"}`, /errcode that is not an integer/],
    [200, `{"token":"${secret}"}`, /without access_token/],
  ];
  for (const [status, body, expected] of answers) {
    peer.handle = (_req, res) => res.writeHead(status, { "content-type": "application/json" }).end(body);
    const err = await refusal(client(peer.base, { allowed: LOOPBACK }).getAccessToken());
    assert.match(err.message, expected, body);
    assert.doesNotMatch(`${err.message} ${err.errmsg}`, new RegExp(secret), body);
  }
  // The addresses of a 40164 are passed on (they are checked to be addresses), as the IP to whitelist.
  peer.handle = (_req, res) =>
    res.end('{"errcode":40164,"errmsg":"invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 9"}');
  const whitelist = await refusal(client(peer.base, { allowed: LOOPBACK }).getAccessToken());
  assert.equal(whitelist.ip, "1.2.3.4");
  assert.equal(whitelist.errmsg, "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 9");
});

test("the allowance: IPs and CIDRs, IPv4-mapped forms included; anything else refused when configured", () => {
  const allowed = AllowedNetworks.parse(" 10.0.0.0/8 ,fd00::/8,127.0.0.1");
  assert.ok(allowed.includes("10.200.1.1"));
  assert.ok(allowed.includes("::ffff:10.0.0.1"));
  assert.ok(allowed.includes("fd00::5"));
  assert.ok(!allowed.includes("127.0.0.2"));
  assert.ok(!allowed.includes("192.168.0.1"));
  for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/8/1", "1.2.3", "fd00::/129"]) {
    assert.throws(() => AllowedNetworks.parse(bad), /is not an IP address or CIDR range/, bad);
  }
});
