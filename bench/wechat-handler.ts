import http from "node:http";
import wechat from "wechat";
import { readConfig, record } from "./store";

// The best-known Node WeChat middleware (node-webot/wechat) doing the same work: it verifies,
// decrypts, parses and replies; the handler makes the same insert. Started by bench/webhook.ts.

type Req = http.IncomingMessage & { query?: Record<string, string>; weixin?: Record<string, string> };
type Res = http.ServerResponse & { reply: (content: string) => void };

const { config, pool, port } = readConfig();
const byPath = new Map(
  config.accounts.map((a) => [
    `/api/wechat/${a.appId}`,
    wechat(
      { token: a.token, appid: a.appId, encodingAESKey: a.encodingAesKey ?? undefined, checkSignature: true },
      (req: Req, res: Res, next: (e?: unknown) => void) => {
        const message = req.weixin!;
        // The reply XML is built by the middleware after the insert; store what it will say.
        record(pool, a.id, message, config.replyText).then(() => res.reply(config.replyText), next);
      },
    ) as (req: Req, res: Res, next: (e?: unknown) => void) => void,
  ]),
);

const server = http.createServer((req: Req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/api/health") return void res.end("ok");
  const middleware = byPath.get(url.pathname);
  if (!middleware) return void res.writeHead(404).end();
  req.query = Object.fromEntries(url.searchParams);
  middleware(req, res as Res, (error) => res.writeHead(500).end(String(error)));
});
server.listen(port, "127.0.0.1");
