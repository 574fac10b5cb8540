import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";

let app: RunningApp;
before(async () => {
  app = await startApp();
});
after(() => stopApp(app));

test("a forged session cookie is a stranger: signed out, and not one line in the log", async () => {
  const before = app.output().length;
  const forged = { cookie: "next-auth.session-token=x.y" };
  for (let i = 0; i < 3; i++) {
    assert.equal((await fetch(`${app.baseUrl}/api/qrcodes`, { headers: forged })).status, 401);
    const page = await fetch(`${app.baseUrl}/codes`, { headers: forged, redirect: "manual" });
    assert.ok([302, 303, 307].includes(page.status), `page answered ${page.status}`);
    assert.match(page.headers.get("location") ?? "", /\/signin/);
    const session = await fetch(`${app.baseUrl}/api/auth/session`, { headers: forged });
    assert.equal(session.status, 200);
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the log flush
  assert.equal(app.output().slice(before).trim(), "");
});
