import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";

// Issue 10, point 4: an operator adds a keyword rule on a phone-sized screen and tries a message.
const suite = browserSuite();

test("operator: adds a rule from the empty state, then 'try a message' shows which rule answers and the reply", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/keywords`);
  await page.getByTestId("empty-state").getByTestId("add-rule").click();

  const dialog = page.getByTestId("rule-dialog");
  await dialog.getByLabel("Keywords").fill("Moon, 月亮");
  await dialog.locator("#rule-new-reply-content").fill("You got it: the moon!");
  await page.screenshot({ path: `${screenshotDir}/keywords-rule-phone-en.png` });
  await dialog.getByTestId("rule-new-reply-save").click();
  await dialog.waitFor({ state: "detached" });
  const rule = page.getByTestId("keyword-rule");
  assert.match(await rule.innerText(), /Exact[\s\S]*Moon[\s\S]*月亮[\s\S]*You got it: the moon!/);

  await page.getByLabel("The follower's text").fill("  moon ");
  await page.getByTestId("try-button").click();
  await page.getByTestId("try-result").waitFor();
  assert.match(await page.getByTestId("try-result").innerText(), /Answered by rule #1 \(Moon \/ 月亮\)/);
  assert.equal(await page.getByTestId("try-preview").getByTestId("phone-bubble").innerText(), "You got it: the moon!");

  await page.getByLabel("The follower's text").fill("the sun");
  await page.getByTestId("try-button").click();
  await page.getByText("No rule matches and no “nothing matches” reply is set").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scroll");
  await page.screenshot({ path: `${screenshotDir}/keywords-phone-en.png`, fullPage: true });
  await page.context().close();
});
