import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { SERVER_BUNDLE } from "../../scripts/build";

test("the server refuses to start on a bad variable, saying which and why, before touching anything", () => {
  const result = spawnSync(process.execPath, [SERVER_BUNDLE], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, PORT: "70000", DATA_DIR: "/nonexistent/never-created" },
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /could not start: invalid configuration:\n {2}PORT="70000": must be a whole number from 1 to 65535/,
  );
});
