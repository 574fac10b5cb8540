import type { Browser, Page } from "playwright-core";
import { homePageOf, type Role } from "@/lib/access/roles";

let counter = 0;

/** A new user of `role`, signed in through the real sign-in form, in a fresh browser context. */
export async function signInAs(browser: Browser, baseUrl: string, role: Role, locale: "zh" | "en" = "zh"): Promise<Page> {
  const { createUser } = await import("@/lib/db/users");
  const email = `${role}${++counter}-${Date.now()}@example.com`;
  const password = "correct-horse-battery";
  await createUser({ email, name: `${role} ${counter}`, role, password });
  const context = await browser.newContext({
    locale: locale === "zh" ? "zh-CN" : "en-US",
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}${homePageOf(role)}`);
  return page;
}

export const screenshotDir = "test-results/screenshots";
