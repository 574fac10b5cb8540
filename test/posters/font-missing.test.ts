import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startApp } from "../helpers/app";
import { createApiTokens, stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { seedActiveCode } from "../helpers/seed";
import { posterBackground } from "../helpers/poster-image";

// A server without a CJK font: templates still work, posters are a 503 saying what to install, never a 500.

let app: RunningApp;
let token: string;

before(async () => {
  app = await startApp({ POSTER_FONT: "/nonexistent/fonts/none.ttc" });
  ({ marketer: token } = await createApiTokens({ marketer: "font-marketer" }));
});
after(() => stopApp(app));

test("without the font a poster and a poster ZIP are a 503 naming fonts-wqy-zenhei; templates still save", async () => {
  const form = new FormData();
  form.set(
    "template",
    JSON.stringify({
      name: "无字体",
      qrX: 0,
      qrY: 0,
      qrSize: 200,
      captionText: "{channel}",
      captionX: 100,
      captionY: 250,
      captionSize: 20,
      captionColor: "#000000",
    }),
  );
  form.set("background", new Blob([new Uint8Array(posterBackground(300, 300))], { type: "image/png" }), "bg.png");
  const headers = { authorization: `Bearer ${token}` };
  const created = await fetch(`${app.baseUrl}/api/posters`, { method: "POST", body: form, headers });
  assert.equal(created.status, 201);
  const { id: templateId } = (await created.json()) as { id: number };

  const [{ id: accountId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
  const code = await seedActiveCode({ accountId, channel: "门店", name: "收银台", sceneStr: "font_1" });
  for (const path of [
    `/api/qrcodes/${code}/poster?template=${templateId}`,
    `/api/qrcodes/zip?ids=${code}&poster=${templateId}`,
  ]) {
    const res = await fetch(`${app.baseUrl}${path}`, { headers });
    assert.equal(res.status, 503, path);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "font_missing");
    assert.match(body.error.message, /install the fonts-wqy-zenhei package/);
  }
  assert.equal((await fetch(`${app.baseUrl}/api/qrcodes/${code}/image`, { headers })).status, 200, "bare codes still render");
});
