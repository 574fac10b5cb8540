import { test, after } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { forwardReceiver } from "../test/helpers/forward-receiver";
import { verifyForward } from "@/lib/forwarding/signature";

// Event forwarding in the browser (issue 10, point 5): at phone width, in English, an admin adds an
// endpoint, copies the secret shown once, sends a test event that the receiver gets signed with it,
// reads the delivery log and disables the endpoint.

process.env.OUTBOUND_ALLOWED_NETWORKS = "127.0.0.1"; // the receiver is on this host
const receiver = await forwardReceiver();
after(() => receiver.close());
const suite = browserSuite();

test("admin adds an endpoint, sees the secret once, sends a test event and finds it delivered in the log", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/forwarding`);
  await page.getByText("No endpoints yet").waitFor();
  await page.getByTestId("add-endpoint").click();
  await page.locator("#endpoint-url").fill("http://8.8.8.8/hook");
  await page.getByTestId("create-endpoint").click();
  await page.locator("#endpoint-url-error").filter({ hasText: "https" }).waitFor();
  await page.locator("#endpoint-url").fill(receiver.url("/crm"));
  await page.getByTestId("create-endpoint").click();

  const secret = await page.getByTestId("new-secret-value").innerText();
  assert.match(secret, /^whsec_/);
  await page.getByTestId("secret-done").click();
  assert.equal(await page.getByTestId("new-secret").count(), 0, "the secret is gone for good");

  const endpoint = page.getByTestId("endpoint");
  await endpoint.getByTestId("send-test").click();
  await page.getByTestId("forwarding-notice").filter({ hasText: "Test event queued" }).waitFor();
  await endpoint.getByTestId("toggle-log").click();
  await endpoint.locator('[data-testid="delivery"][data-type="test"][data-delivered="true"]').waitFor();
  const got = receiver.received.find((r) => r.path === "/crm");
  assert.ok(got);
  const headers = {
    timestamp: got.headers["x-qudao-timestamp"] as string,
    signature: got.headers["x-qudao-signature"] as string,
  };
  assert.equal(verifyForward(secret, headers, got.body), true, "signed with the secret the page showed");

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: `${screenshotDir}/forwarding-en-phone.png`, fullPage: true });

  await endpoint.getByTestId("toggle-endpoint").click();
  await endpoint.getByText("Disabled", { exact: true }).waitFor();
});
