import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { freePort } from "@/lib/runtime/embedded-postgres";
import { stopChild } from "../test/helpers/app";
import { scanBindingTicket } from "../test/helpers/binding-scan";
import { screenshotDir } from "./session";
import { browserSuite } from "./suite";

// Issue 9, point 5: the example site (examples/scan-sign-in) in Chromium against the app, the scan
// delivered by the sandbox's simulator, and the page signs in.

const suite = browserSuite({ tokens: { integration: "example site" } });

test("the example site shows a code, a scan of it signs the visitor in", async (t) => {
  const port = await freePort();
  const site = spawn(process.execPath, ["examples/scan-sign-in/server.mjs"], {
    env: { ...process.env, QUDAO_URL: suite.app.baseUrl, QUDAO_TOKEN: suite.tokens.integration, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => stopChild(site));
  await new Promise<void>((resolve, reject) => {
    site.stdout!.on("data", (d: Buffer) => String(d).includes("example site on") && resolve());
    site.once("exit", (code) => reject(new Error(`the example site exited (${code})`)));
  });

  for (const locale of ["zh-CN", "en"] as const) {
    const context = await suite.browser.newContext({
      locale,
      viewport: locale === "en" ? { width: 390, height: 800 } : undefined,
    });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    assert.match(await page.locator("#status").innerText(), /Not signed in/);
    await page.locator("#login").click();
    const qr = page.locator("#qr");
    await qr.waitFor({ state: "visible" });
    await page.waitForFunction(() => {
      const img = document.getElementById("qr") as HTMLImageElement | null;
      return img?.complete && img.naturalWidth > 0;
    });
    await page.screenshot({ path: `${screenshotDir}/example-sign-in-code-${locale}.png` });

    const bindingId = /\/api\/bindings\/(bnd_[\w-]{22})\/image/.exec((await qr.getAttribute("src")) ?? "")?.[1];
    assert.ok(bindingId, "the page shows the binding's image");
    const { bindingTicket } = await import("@/lib/db/bindings");
    const binding = await bindingTicket(bindingId);
    const openid = `o_example_${locale}`;
    const scan = await scanBindingTicket(binding!.ticket, openid);
    assert.equal(scan.status, 200);

    await page.waitForFunction((who) => document.getElementById("status")?.dataset.openid === who, openid, { timeout: 5000 });
    assert.match(await page.locator("#status").innerText(), new RegExp(`Signed in as ${openid}`));
    await page.screenshot({ path: `${screenshotDir}/example-signed-in-${locale}.png` });

    // the site remembers its visitor; the binding was handed out once
    await page.reload();
    await page.waitForFunction((who) => document.getElementById("status")?.dataset.openid === who, openid);
    await context.close();
  }
});
