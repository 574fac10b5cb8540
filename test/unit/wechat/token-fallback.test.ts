import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { WeChatApiClient, type AccessToken, type TokenStore } from "../../../lib/wechat/api-client";

test("an API origin without stable_token (HTTP 404) is served through cgi-bin/token", async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    seen.push(`${req.method} ${url.pathname}`);
    if (url.pathname === "/cgi-bin/token" && req.method === "GET") {
      assert.equal(url.searchParams.get("appid"), "wxapp");
      assert.equal(url.searchParams.get("secret"), "secret");
      assert.equal(url.searchParams.get("grant_type"), "client_credential");
      res.end(JSON.stringify({ access_token: "classic-token", expires_in: 7200 }));
    } else if (url.pathname === "/cgi-bin/qrcode/create" && url.searchParams.get("access_token") === "classic-token") {
      res.end(JSON.stringify({ ticket: "T", url: "http://weixin.qq.com/q/x", expire_seconds: 60 }));
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  let stored: AccessToken | null = null;
  const tokens: TokenStore = {
    read: async () => stored,
    refresh: async (refresher) => (stored = await refresher(stored)),
  };
  try {
    const client = new WeChatApiClient({
      apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      appId: "wxapp",
      appSecret: "secret",
      tokens,
    });
    const code = await client.createQrCode({ kind: "temporary", sceneId: 7, expireSeconds: 60 });
    assert.equal(code.ticket, "T");
    assert.deepEqual(seen, ["POST /cgi-bin/stable_token", "GET /cgi-bin/token", "POST /cgi-bin/qrcode/create"]);
  } finally {
    server.close();
  }
});
