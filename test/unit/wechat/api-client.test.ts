import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import {
  showQrCodeUrl,
  validateQrInput,
  WeChatApiClient,
  WeChatApiError,
  WeChatInputError,
  type AccessToken,
  type QrInput,
  type TokenStore,
} from "../../../lib/wechat/api-client";

/** Keeps the token like a database row would: refresh() is serialized by one lock for every client. */
class MemoryTokenStore implements TokenStore {
  current: AccessToken | null = null;
  private lock: Promise<unknown> = Promise.resolve();
  async read() {
    return this.current;
  }
  refresh(refresher: (current: AccessToken | null) => Promise<AccessToken>): Promise<AccessToken> {
    const run = this.lock.then(async () => {
      this.current = await refresher(this.current);
      return this.current;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }
}

type Seen = { path: string; query: URLSearchParams; body: Record<string, unknown> };
type Answer = Record<string, unknown> | string;

/** Enough of api.weixin.qq.com: stable_token issuance, token checks, qrcode/create, scripted errcodes. */
class FakeWeChat {
  server: Server = createServer(
    (req, res) =>
      void this.handle(req).then((answer) => {
        res.setHeader("content-type", typeof answer === "string" ? "text/html" : "application/json; encoding=utf-8");
        res.end(typeof answer === "string" ? answer : JSON.stringify(answer));
      }),
  );
  base = "";
  seen: Seen[] = [];
  valid = new Set<string>();
  latest: string | null = null;
  issued = 0;
  tokenScript: Answer[] = [];
  qrScript: Answer[] = [];
  tokenDelayMs = 0;

  reset() {
    this.seen = [];
    this.valid.clear();
    this.latest = null;
    this.issued = 0;
    this.tokenScript = [];
    this.qrScript = [];
    this.tokenDelayMs = 0;
  }

  issue(): string {
    const token = `ACCESS_TOKEN_${++this.issued}`;
    this.valid.add(token);
    this.latest = token;
    return token;
  }

  calls(path: string): Seen[] {
    return this.seen.filter((s) => s.path === path);
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url!, "http://x");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.seen.push({ path: url.pathname, query: url.searchParams, body });

    if (url.pathname === "/cgi-bin/stable_token") {
      if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
      const scripted = this.tokenScript.shift();
      if (scripted !== undefined) return scripted;
      if (body.grant_type !== "client_credential" || body.appid !== "wxAPP" || body.secret !== "SECRET") {
        return { errcode: 40125, errmsg: "invalid appsecret" };
      }
      if (body.force_refresh === true) {
        this.valid.clear();
        return { access_token: this.issue(), expires_in: 7200 };
      }
      return { access_token: this.latest ?? this.issue(), expires_in: 7200 };
    }
    if (url.pathname === "/cgi-bin/qrcode/create") {
      if (!this.valid.has(url.searchParams.get("access_token") ?? "")) {
        return { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest rid: 1" };
      }
      const scripted = this.qrScript.shift();
      if (scripted !== undefined) return scripted;
      const temporary = "expire_seconds" in body;
      return {
        ticket: "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==",
        ...(temporary ? { expire_seconds: body.expire_seconds } : {}),
        url: "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI",
      };
    }
    return { errcode: 404, errmsg: "not found" };
  }
}

const wechat = new FakeWeChat();
let store: MemoryTokenStore;
let sleeps: number[];
let clock: number;

function client(overrides: Partial<ConstructorParameters<typeof WeChatApiClient>[0]> = {}) {
  return new WeChatApiClient({
    apiBase: wechat.base,
    appId: "wxAPP",
    appSecret: "SECRET",
    tokens: store,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => clock,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<WeChatApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WeChatApiError, `expected WeChatApiError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a WeChatApiError");
}

before(async () => {
  await new Promise<void>((resolve) => wechat.server.listen(0, "127.0.0.1", resolve));
  wechat.base = `http://127.0.0.1:${(wechat.server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => wechat.server.close(() => resolve())));
beforeEach(() => {
  wechat.reset();
  store = new MemoryTokenStore();
  sleeps = [];
  clock = 1_700_000_000_000;
});

test("stable_token is asked with the credentials and cached until it nears expiry", async () => {
  const c = client();
  assert.equal(await c.getAccessToken(), "ACCESS_TOKEN_1");
  assert.deepEqual(wechat.calls("/cgi-bin/stable_token")[0]!.body, {
    grant_type: "client_credential",
    appid: "wxAPP",
    secret: "SECRET",
    force_refresh: false,
  });
  assert.deepEqual(store.current, { token: "ACCESS_TOKEN_1", expiresAt: clock + 7_200_000 });

  clock += 7_200_000 - 5 * 60_000 - 1;
  await c.getAccessToken();
  assert.equal(wechat.calls("/cgi-bin/stable_token").length, 1, "still fresh: no call");
  clock += 1;
  await c.getAccessToken();
  assert.equal(wechat.calls("/cgi-bin/stable_token").length, 2, "five minutes ahead: refreshed");
});

test("two concurrent getAccessToken calls fetch the token once", async () => {
  wechat.tokenDelayMs = 30;
  const [a, b] = await Promise.all([client().getAccessToken(), client().getAccessToken()]);
  assert.equal(a, "ACCESS_TOKEN_1");
  assert.equal(b, "ACCESS_TOKEN_1");
  assert.equal(wechat.calls("/cgi-bin/stable_token").length, 1);
});

test("createQrCode sends each of the four actions with the right body", async () => {
  const c = client();
  const cases: Array<[QrInput, Record<string, unknown>]> = [
    [
      { kind: "temporary", sceneId: 4294967295, expireSeconds: 2592000 },
      { expire_seconds: 2592000, action_name: "QR_SCENE", action_info: { scene: { scene_id: 4294967295 } } },
    ],
    [
      { kind: "temporary", sceneStr: "春季-活动", expireSeconds: 60 },
      { expire_seconds: 60, action_name: "QR_STR_SCENE", action_info: { scene: { scene_str: "春季-活动" } } },
    ],
    [
      { kind: "permanent", sceneId: 100000 },
      { action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 100000 } } },
    ],
    [
      { kind: "permanent", sceneStr: "poster" },
      { action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: "poster" } } },
    ],
  ];
  for (const [input, expected] of cases) {
    const code = await c.createQrCode(input);
    assert.deepEqual(wechat.calls("/cgi-bin/qrcode/create").at(-1)!.body, expected);
    assert.equal(code.url, "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI");
    assert.equal(code.expireSeconds, input.kind === "temporary" ? input.expireSeconds : null);
  }
  assert.equal(wechat.calls("/cgi-bin/qrcode/create")[0]!.query.get("access_token"), "ACCESS_TOKEN_1");
});

test("busy (-1) is retried with back-off, then succeeds", async () => {
  wechat.qrScript = [{ errcode: -1, errmsg: "system error" }];
  const code = await client().createQrCode({ kind: "permanent", sceneId: 7 });
  assert.match(code.ticket, /^gQH47/);
  assert.equal(wechat.calls("/cgi-bin/qrcode/create").length, 2);
  assert.deepEqual(sleeps, [200]);
});

test("busy that persists gives up after busyRetries with a busy error", async () => {
  wechat.qrScript = Array(10).fill({ errcode: -1, errmsg: "system error" });
  const err = await rejection(client().createQrCode({ kind: "permanent", sceneId: 7 }));
  assert.equal(err.kind, "busy");
  assert.equal(err.errcode, -1);
  assert.equal(wechat.calls("/cgi-bin/qrcode/create").length, 4);
  assert.deepEqual(sleeps, [200, 400, 800]);
});

test("40001 refreshes the token exactly once (forced) and retries", async () => {
  store.current = { token: "REVOKED", expiresAt: clock + 3_600_000 };
  const code = await client().createQrCode({ kind: "temporary", sceneId: 1, expireSeconds: 600 });
  assert.equal(code.expireSeconds, 600);
  const refreshes = wechat.calls("/cgi-bin/stable_token");
  assert.equal(refreshes.length, 1);
  assert.equal(refreshes[0]!.body.force_refresh, true);
  assert.deepEqual(
    wechat.calls("/cgi-bin/qrcode/create").map((s) => s.query.get("access_token")),
    ["REVOKED", "ACCESS_TOKEN_1"],
  );
  assert.equal(store.current?.token, "ACCESS_TOKEN_1");
});

test("a token another instance already replaced is used without a forced refresh", async () => {
  store.current = { token: "REVOKED", expiresAt: clock + 3_600_000 };
  // Another instance renews between our failed call and our renewal.
  const sharedStore: TokenStore = {
    read: () => store.read(),
    refresh: (fn) => {
      store.current = { token: wechat.issue(), expiresAt: clock + 7_200_000 };
      return store.refresh(fn);
    },
  };
  await client({ tokens: sharedStore }).createQrCode({ kind: "permanent", sceneStr: "x" });
  assert.equal(wechat.calls("/cgi-bin/stable_token").length, 0);
  assert.deepEqual(
    wechat.calls("/cgi-bin/qrcode/create").map((s) => s.query.get("access_token")),
    ["REVOKED", "ACCESS_TOKEN_1"],
  );
});

test("a token refused again after the refresh is an error, not a loop", async () => {
  wechat.qrScript = [{ errcode: 42001, errmsg: "access_token expired" }];
  store.current = { token: "REVOKED", expiresAt: clock + 3_600_000 };
  const err = await rejection(client().createQrCode({ kind: "permanent", sceneId: 3 }));
  assert.equal(err.kind, "token");
  assert.equal(err.errcode, 42001);
  assert.equal(wechat.calls("/cgi-bin/stable_token").length, 1);
  assert.equal(wechat.calls("/cgi-bin/qrcode/create").length, 2);
});

test("45009 and 45011 fail at once with a quota error", async () => {
  for (const errcode of [45009, 45011]) {
    wechat.reset();
    store = new MemoryTokenStore();
    wechat.qrScript = [{ errcode, errmsg: "reach max api daily quota limit" }];
    const err = await rejection(client().createQrCode({ kind: "permanent", sceneId: 3 }));
    assert.equal(err.kind, "quota");
    assert.equal(err.errcode, errcode);
    assert.match(err.message, /quota|limit/);
    assert.equal(wechat.calls("/cgi-bin/qrcode/create").length, 1);
    assert.deepEqual(sleeps, []);
  }
});

test("40164 names the IP to whitelist", async () => {
  wechat.tokenScript = [
    { errcode: 40164, errmsg: "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6523a1b2-0c0d0e0f" },
  ];
  const err = await rejection(client().createQrCode({ kind: "permanent", sceneId: 3 }));
  assert.equal(err.kind, "ip_not_whitelisted");
  assert.equal(err.ip, "1.2.3.4");
  assert.match(err.message, /1\.2\.3\.4.*IP whitelist.*基本配置/);
  assert.equal(wechat.calls("/cgi-bin/qrcode/create").length, 0);
});

test("out-of-range input is refused before anything reaches WeChat", async () => {
  const bad: Array<[unknown, string]> = [
    [{ kind: "temporary", sceneId: 0, expireSeconds: 600 }, "sceneId"],
    [{ kind: "temporary", sceneId: 4294967296, expireSeconds: 600 }, "sceneId"],
    [{ kind: "temporary", sceneId: 1.5, expireSeconds: 600 }, "sceneId"],
    [{ kind: "temporary", sceneId: "12", expireSeconds: 600 }, "sceneId"],
    [{ kind: "permanent", sceneId: 100001 }, "sceneId"],
    [{ kind: "permanent", sceneStr: "" }, "sceneStr"],
    [{ kind: "permanent", sceneStr: "x".repeat(65) }, "sceneStr"],
    [{ kind: "permanent", sceneStr: "码".repeat(65) }, "sceneStr"],
    [{ kind: "permanent", sceneStr: "a\nb" }, "sceneStr"],
    [{ kind: "temporary", sceneId: 1, expireSeconds: 59 }, "expireSeconds"],
    [{ kind: "temporary", sceneId: 1, expireSeconds: 2592001 }, "expireSeconds"],
    [{ kind: "temporary", sceneId: 1 }, "expireSeconds"],
    [{ kind: "permanent", sceneId: 1, expireSeconds: 600 }, "expireSeconds"],
    [{ kind: "temporary", expireSeconds: 600 }, "sceneId"],
    [{ kind: "temporary", sceneId: 1, sceneStr: "a", expireSeconds: 600 }, "sceneStr"],
    [{ kind: "forever", sceneId: 1 }, "kind"],
  ];
  const c = client();
  for (const [input, field] of bad) {
    await assert.rejects(c.createQrCode(input as QrInput), (err: unknown) => {
      assert.ok(err instanceof WeChatInputError, `${JSON.stringify(input)}: ${String(err)}`);
      assert.equal(err.field, field, JSON.stringify(input));
      return true;
    });
  }
  assert.equal(wechat.seen.length, 0);
});

test("validateQrInput accepts the edges and counts characters, not bytes or UTF-16 units", () => {
  for (const ok of [
    { kind: "temporary", sceneId: 1, expireSeconds: 60 },
    { kind: "temporary", sceneId: 4294967295, expireSeconds: 2592000 },
    { kind: "permanent", sceneId: 1 },
    { kind: "permanent", sceneId: 100000 },
    { kind: "permanent", sceneStr: "x" },
    { kind: "permanent", sceneStr: "码".repeat(64) },
    { kind: "temporary", sceneStr: "🎉".repeat(64), expireSeconds: 86400 },
  ] as QrInput[]) {
    assert.doesNotThrow(() => validateQrInput(ok), JSON.stringify(ok));
  }
  assert.throws(() => validateQrInput({ kind: "permanent", sceneStr: "🎉".repeat(65) }), WeChatInputError);
});

test("WeChat failures that are not JSON, or no answer at all, are network errors", async () => {
  wechat.tokenScript = ["<html>502 Bad Gateway</html>"];
  const html = await rejection(client().getAccessToken());
  assert.equal(html.kind, "network");

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = await rejection(client({ apiBase: `http://127.0.0.1:${port}` }).getAccessToken());
  assert.equal(refused.kind, "network");
  assert.equal(refused.errcode, 0);
});

test("showQrCodeUrl encodes the ticket exactly once", () => {
  const ticket = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==";
  const url = showQrCodeUrl(ticket);
  assert.equal(
    url,
    "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw%3D%3D",
  );
  assert.equal(new URL(url).searchParams.get("ticket"), ticket);
  assert.equal(new URL(showQrCodeUrl("a+b/c")).searchParams.get("ticket"), "a+b/c");
});
