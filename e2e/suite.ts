import { after, before } from "node:test";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import type { Role } from "@/lib/access/roles";
import { launchBrowser } from "./browser";
import { screenshotDir } from "./session";
import { startApp, type RunningApp } from "../test/helpers/app";
import { createApiTokens, stopApp } from "../test/helpers/app-with-tokens";

export type BrowserSuite<R extends Role> = {
  readonly app: RunningApp;
  readonly browser: Browser;
  readonly tokens: Record<R, string>;
};

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test or a later hook`);
  return value;
}

/**
 * Registers this test file's setup and teardown: the app on its own database, Chromium, the
 * screenshots folder, an API token per role in `tokens` (role → token name), then the file's own
 * `setup`; after the tests, the browser is closed, the app stopped and the database connections closed.
 * (The file's own setup goes in `setup`, not in a second top-level `before`: Node 20 runs those concurrently.)
 */
export function browserSuite<R extends Role = never>({
  tokens: tokenNames,
  setup,
}: {
  tokens?: Record<R, string>;
  setup?: () => Promise<void>;
} = {}): BrowserSuite<R> {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let tokens: Record<R, string> | undefined;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    mkdirSync(screenshotDir, { recursive: true });
    tokens = tokenNames ? await createApiTokens(tokenNames) : ({} as Record<R, string>);
    await setup?.();
  });

  after(async () => {
    await browser?.close();
    await stopApp(app);
  });

  return {
    get app() {
      return ready(app, "the app");
    },
    get browser() {
      return ready(browser, "the browser");
    },
    get tokens() {
      return ready(tokens, "the API tokens");
    },
  };
}
