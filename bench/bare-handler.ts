import http from "node:http";
import { buildReplyXml, InboundError, openInbound, sealReply } from "@/lib/wechat";
import { readConfig, record } from "./store";

// The baseline: node:http + pg doing Qudao's per-event work by hand — verify, decrypt, one
// de-duplicating insert, answer the (sealed) reply. Started by bench/webhook.ts.

const { config, pool, port } = readConfig();
const byPath = new Map(config.accounts.map((a) => [`/api/wechat/${a.appId}`, a]));

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/api/health") return void res.end("ok");
  const account = byPath.get(url.pathname);
  if (!account || req.method !== "POST") return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const inbound = openInbound(account, url.searchParams, Buffer.concat(chunks).toString("utf8"), { maxBytes: 64 * 1024 });
      const f = inbound.fields;
      const replyXml = buildReplyXml(
        { type: "text", content: config.replyText },
        { toUser: f.FromUserName ?? "", fromUser: f.ToUserName ?? "", createTime: Math.floor(Date.now() / 1000) },
      );
      await record(pool, account.id, f, replyXml);
      res.writeHead(200, { "content-type": "application/xml; charset=utf-8" }).end(sealReply(account, replyXml, inbound));
    } catch (error) {
      res.writeHead(error instanceof InboundError ? error.status : 500).end(String(error));
    }
  });
});
server.listen(port, "127.0.0.1");
