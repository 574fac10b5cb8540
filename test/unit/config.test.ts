import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CONFIG_VARIABLES, config, ConfigError, readConfig } from "@/lib/config";

test("defaults: every variable unset gives the documented defaults", () => {
  const c = readConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.dataDir, ".data");
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.databasePoolSize, 10);
  assert.equal(c.publicUrl, "http://localhost:3000");
  assert.equal(c.internalOrigin, "http://127.0.0.1:3000");
  assert.equal(c.webhookMaxSkewSeconds, 600);
  assert.deepEqual(c.admin, { email: "admin@example.com", password: undefined });
  assert.equal(c.envAccount, null);
});

test("an empty value is unset, as in a copied .env.example", () => {
  const c = readConfig({ PORT: "", DATABASE_URL: "", WECHAT_API_BASE: "" });
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.wechatApiBase, undefined);
});

test("the port feeds the derived origins", () => {
  const c = readConfig({ PORT: "8080" });
  assert.equal(c.internalOrigin, "http://127.0.0.1:8080");
  assert.equal(c.publicUrl, "http://localhost:8080");
  assert.equal(readConfig({ PORT: "8080", QUDAO_INTERNAL_ORIGIN: "http://10.0.0.5:80" }).internalOrigin, "http://10.0.0.5:80");
});

test("bad values are refused together, each named with what it got and why", () => {
  const error = (() => {
    try {
      readConfig({ PORT: "abc", DATABASE_POOL_SIZE: "0", WECHAT_API_BASE: "ftp://x", WECHAT_MESSAGE_MODE: "secret" });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof ConfigError);
  assert.equal(error.problems.length, 4);
  assert.match(error.message, /PORT="abc": must be a whole number from 1 to 65535/);
  assert.match(error.message, /DATABASE_POOL_SIZE="0": must be a whole number from 1 to 1000/);
  assert.match(error.message, /WECHAT_API_BASE="ftp:\/\/x": must be an http/);
  assert.match(error.message, /WECHAT_MESSAGE_MODE="secret": must be one of plain, compatible, safe/);
});

test("the WECHAT_* account: complete, incomplete, mode from the key", () => {
  const account = readConfig({ WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "t" }).envAccount;
  assert.deepEqual(account, { appId: "wx1", name: "wx1", appSecret: "s", token: "t", encodingAesKey: null, mode: "plain" });
  const key = "a".repeat(43);
  assert.equal(
    readConfig({ WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "t", WECHAT_ENCODING_AES_KEY: key }).envAccount
      ?.mode,
    "safe",
  );
  assert.throws(() => readConfig({ WECHAT_APP_ID: "wx1" }), /WECHAT_APP_ID: needs WECHAT_APP_SECRET and WECHAT_TOKEN/);
  assert.throws(
    () => readConfig({ WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "t", WECHAT_MESSAGE_MODE: "compatible" }),
    /compatible needs WECHAT_ENCODING_AES_KEY/,
  );
});

test("config() follows the process environment when start-up fills a variable in", () => {
  const before = process.env.DATABASE_URL;
  try {
    process.env.DATABASE_URL = "postgresql://a@127.0.0.1/one";
    assert.equal(config().databaseUrl, "postgresql://a@127.0.0.1/one");
    process.env.DATABASE_URL = "postgresql://a@127.0.0.1/two";
    assert.equal(config().databaseUrl, "postgresql://a@127.0.0.1/two");
  } finally {
    if (before === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = before;
  }
});

test("every variable is documented in the README's table and in .env.example", () => {
  const readme = readFileSync("README.md", "utf8");
  const example = readFileSync(".env.example", "utf8");
  for (const name of CONFIG_VARIABLES) {
    assert.match(readme, new RegExp(`^\\| [^|]*\`${name}\``, "m"), `README: ${name}`);
    assert.match(example, new RegExp(`^#? ?${name}=`, "m"), `.env.example: ${name}`);
  }
});
