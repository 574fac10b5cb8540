import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "@/lib/api/errors";
import { describeError, errorMessage, fieldMessage } from "@/lib/client/errors";
import { translator } from "@/lib/i18n/locale";
import { messages } from "@/lib/i18n/messages";

const t = translator(messages.zh);
const en = translator(messages.en);

test("codes: its words for a refusal's code, WeChat's with the server's words, the IP to whitelist", () => {
  assert.equal(
    errorMessage(t, "codes", new ApiError(409, "scene_taken", "scene taken", "sceneStr")),
    messages.zh["codes.err.scene_taken"],
  );
  assert.deepEqual(describeError(en, "codes", new ApiError(409, "scene_taken", "scene taken", "sceneStr")), {
    field: "sceneStr",
    message: messages.en["codes.err.scene_taken"],
  });
  assert.equal(
    errorMessage(t, "codes", new ApiError(503, "wechat_busy", "errcode -1: system busy")),
    `${messages.zh["codes.err.wechat_busy"]} (errcode -1: system busy)`,
  );
  const ip = new ApiError(403, "wechat_ip_not_whitelisted", "errcode 40164: invalid ip, from IP 203.0.113.7: not in whitelist");
  assert.equal(errorMessage(en, "codes", ip), messages.en["codes.err.ipNotWhitelisted"].replace("{ip}", "203.0.113.7"));
  assert.equal(errorMessage(t, "codes", new ApiError(403, "wechat_ip_not_whitelisted", "no ip here")), "no ip here");
  assert.equal(errorMessage(t, "codes", new ApiError(400, "invalid_input", "name: too long", "name")), "name: too long");
  assert.equal(
    errorMessage(t, "codes", new ApiError(500, "internal", "Something went wrong on the server")),
    "Something went wrong on the server",
  );
  assert.equal(errorMessage(t, "codes", new TypeError("Failed to fetch")), "Failed to fetch");
});

test("admin areas: code, then the refused field's words, then 403 as the role's limit", () => {
  assert.equal(
    errorMessage(t, "users", new ApiError(409, "email_taken", "taken", "email")),
    messages.zh["users.error.email_taken"],
  );
  const missingKey = new ApiError(400, "invalid_input", "encodingAesKey: is required in safe mode", "encodingAesKey");
  assert.deepEqual(describeError(t, "accounts", missingKey), {
    field: "encodingAesKey",
    message: messages.zh["accounts.invalid.encodingAesKey.custom"],
  });
  assert.equal(
    errorMessage(t, "accounts", new ApiError(400, "invalid_input", "appId: bad", "appId")),
    messages.zh["accounts.invalid.appId"],
  );
  assert.equal(errorMessage(t, "tokens", new ApiError(400, "invalid_input", "x: bad", "x")), "x: bad");
  assert.equal(
    errorMessage(t, "tokens", new ApiError(403, "forbidden", "Your role may not do this")),
    messages.zh["common.forbidden"],
  );
  assert.equal(errorMessage(t, "users", new ApiError(401, "unauthorized", "Sign in")), "Sign in");
  assert.equal(fieldMessage(t, "users", "password", "too short"), messages.zh["users.invalid.password"]);
  assert.equal(fieldMessage(t, "codes", "name", "too short"), "too short");
});

test("replies: by HTTP status, and a request that never got through", () => {
  assert.equal(errorMessage(t, "replies", new ApiError(401, "unauthorized", "x")), messages.zh["replies.err.signedOut"]);
  assert.equal(errorMessage(t, "replies", new ApiError(403, "forbidden", "x")), messages.zh["replies.err.forbidden"]);
  assert.equal(errorMessage(t, "replies", new ApiError(404, "not_found", "x")), messages.zh["replies.err.notFound"]);
  assert.equal(errorMessage(t, "replies", new ApiError(502, "wechat_other", "x")), messages.zh["replies.err.server"]);
  assert.deepEqual(describeError(t, "replies", new ApiError(400, "invalid_input", "content: too long", "content")), {
    field: "content",
    message: "content: too long",
  });
  assert.equal(errorMessage(en, "replies", new TypeError("Failed to fetch")), messages.en["replies.err.network"]);
  assert.equal(errorMessage(t, "replies", new Error("boom")), "boom");
  assert.equal(errorMessage(t, "replies", "plain"), "plain");
});

test("t.has says which keys built at run time exist", () => {
  assert.equal(t.has("codes.err.scene_taken"), true);
  assert.equal(t.has("codes.err.nothing_like_this"), false);
  assert.equal(t.has("constructor"), false);
});
