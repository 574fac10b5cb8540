import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";

let app: RunningApp;
const tokens: Record<string, string> = {};
let accountId = 0;

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["marketer", "analyst"] as const) tokens[role] = (await createApiToken({ role, name: role })).token;
  [{ id: accountId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

const check = (body: unknown, token = tokens.marketer, account: number | string = accountId) =>
  api(app.baseUrl, token, `/api/accounts/${account}/taken-scenes`, { method: "POST", body: JSON.stringify(body) });

test("a batch's string scenes are checked against the account's codes, digits against integer scenes too", async () => {
  const create = async (body: Record<string, unknown>) => {
    const res = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: number };
  };
  const byString = await create({ name: "A", channel: "地铁", kind: "permanent", sceneStr: "subway_a" });
  const byNumber = await create({ name: "B", channel: "门店", kind: "permanent", sceneId: 4242 });

  const res = await check({ sceneStrs: ["subway_a", "4242", "free_one", "subway_A"] }, tokens.analyst);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual((res.body as { taken: unknown[] }).taken, [
    { sceneStr: "subway_a", codeId: byString.id },
    { sceneStr: "4242", codeId: byNumber.id },
  ]);
  assert.deepEqual((await check({ sceneStrs: [] })).body, { taken: [] });
});

test("bad requests name the field; an unknown account is a 404", async () => {
  for (const body of [{}, { sceneStrs: "subway_a" }, { sceneStrs: ["x".repeat(65)] }, { sceneStrs: [""] }, { sceneStrs: [1] }]) {
    const res = await check(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal((res.body as { error: { field?: string } }).error.field?.split(".")[0], "sceneStrs", JSON.stringify(res.body));
  }
  const tooMany = await check({ sceneStrs: Array.from({ length: 1001 }, (_, i) => `s${i}`) });
  assert.equal(tooMany.status, 400);
  assert.equal((await check({ sceneStrs: ["a"] }, tokens.marketer, 999999)).status, 404);
  assert.equal((await check({ sceneStrs: ["a"] }, tokens.marketer, "abc")).status, 400);
  assert.equal((await check({ sceneStrs: ["a"] }, "not-a-token")).status, 401);
});
