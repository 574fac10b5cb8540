// A website that signs its visitors in by a scan of a WeChat code, through Qudao's bindings API.
// No dependencies: node server.mjs (Node 20). See README.md beside this file.
//
//   QUDAO_URL    where Qudao runs                        (default http://localhost:3000)
//   QUDAO_TOKEN  an API token with the `integration` role (required)
//   PORT         this site's port                        (default 4000)
//
// The token stays on this server: the browser only ever talks to this site, and sees the code's image.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

const QUDAO_URL = (process.env.QUDAO_URL ?? "http://localhost:3000").replace(/\/$/, "");
const QUDAO_TOKEN = process.env.QUDAO_TOKEN;
const PORT = Number(process.env.PORT ?? 4000);
if (!QUDAO_TOKEN)
  throw new Error("Set QUDAO_TOKEN to an API token with the integration role (npm run cli -- token create --role integration)");

const page = readFileSync(new URL("./index.html", import.meta.url));
/** This site's sessions: session id → { bindingId, openid }. A real site keeps them in its own store. */
const sessions = new Map();

function qudao(path, init = {}) {
  return fetch(`${QUDAO_URL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${QUDAO_TOKEN}`, "content-type": "application/json", ...init.headers },
  });
}

function sessionOf(req, res) {
  const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];
  if (sid && sessions.has(sid)) return [sid, sessions.get(sid)];
  const fresh = randomBytes(18).toString("base64url");
  sessions.set(fresh, {});
  res.setHeader("set-cookie", `sid=${fresh}; HttpOnly; SameSite=Lax; Path=/`);
  return [fresh, sessions.get(fresh)];
}

const send = (res, status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

createServer(async (req, res) => {
  try {
    const [sid, session] = sessionOf(req, res);
    if (req.method === "GET" && req.url === "/")
      return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    if (req.method === "GET" && req.url === "/me") return send(res, 200, { openid: session.openid ?? null });

    // 1. A binding whose state is this visitor's session: the code to show.
    if (req.method === "POST" && req.url === "/login") {
      const answer = await qudao("/api/bindings", { method: "POST", body: JSON.stringify({ state: sid, channel: "官网登录" }) });
      const binding = await answer.json();
      if (answer.status !== 201) return send(res, 502, binding);
      session.bindingId = binding.id;
      return send(res, 200, { imageUrl: binding.imageUrl, expiresAt: binding.expiresAt });
    }

    // 2. Wait for the scan (Qudao holds the answer up to 25 s); the browser asks again while it is pending.
    if (req.method === "POST" && req.url === "/login/wait") {
      if (!session.bindingId) return send(res, 409, { status: "none" });
      const answer = await qudao(`/api/bindings/${session.bindingId}?wait=25`);
      const binding = await answer.json();
      if (answer.status === 410) return send(res, 200, { status: "expired" });
      if (answer.status !== 200) return send(res, 502, binding);
      // The resolution is handed out once, and only to the session that asked for it.
      if (binding.status === "resolved" && binding.state === sid) {
        session.openid = binding.openid;
        session.bindingId = undefined;
        return send(res, 200, { status: "signed-in", openid: binding.openid, followed: binding.followed });
      }
      return send(res, 200, { status: "pending" });
    }
    send(res, 404, { error: "not found" });
  } catch (error) {
    send(res, 502, { error: String(error) });
  }
}).listen(PORT, "127.0.0.1", () => console.log(`example site on http://127.0.0.1:${PORT}, signing in through ${QUDAO_URL}`));
