import { test } from "node:test";
import assert from "node:assert/strict";
import { day, isRowId, nulPath, ROW_ID, rowId, rowIdParam, text } from "@/lib/validation/input";
import { parseId, readJson, readQuery } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { createQrCodeSchema, listQrCodesQuery, replySchema } from "@/lib/validation/qrcodes";
import { createTokenSchema, createUserSchema } from "@/lib/validation/users";
import { createAccountSchema } from "@/lib/validation/accounts";
import { dateRange, eventsExportQuery, statsQuery } from "@/lib/validation/stats";
import { z } from "zod";

// Issue 8, defect 9: the one rule for what client input may be before it reaches PostgreSQL.

const NUL = "\u0000";

test("nulPath names the first string holding a NUL, as zod names a field", () => {
  assert.equal(nulPath({ a: "x", b: [1, "y"] }), null);
  assert.equal(nulPath(null), null);
  assert.equal(nulPath(42), null);
  assert.equal(nulPath(`a${NUL}`), "");
  assert.equal(nulPath({ reply: { content: `hi${NUL}` } }), "reply.content");
  assert.equal(nulPath({ ids: ["1", `2${NUL}`] }), "ids.1");
  assert.equal(nulPath({ [`k${NUL}`]: "v" }), `k${NUL}`, "a key counts too");
  assert.equal(nulPath({ a: { b: [{ c: NUL }] } }), "a.b.0.c");
  const deep = JSON.parse(`${"[".repeat(30_000)}"x${"\\u0000"}"${"]".repeat(30_000)}`);
  assert.equal(nulPath(deep), Array(30_000).fill(0).join("."), "30,000 levels deep: no stack overflow");
});

test("text refuses NUL and keeps everything else PostgreSQL stores, including non-BMP characters", () => {
  assert.equal(text.safeParse(`a${NUL}b`).success, false);
  for (const ok of ["", "渠道", "😀 𠀀", "\u0001\u001f", "<script>'\"&", "\uFFFD"]) assert.equal(text.parse(ok), ok);
});

test("ids are PostgreSQL integers: 1 … 2147483647, in bodies, queries and paths", () => {
  assert.equal(ROW_ID.max, 2 ** 31 - 1);
  for (const id of [1, 2 ** 31 - 1]) {
    assert.equal(isRowId(id), true);
    assert.equal(rowId.parse(id), id);
    assert.equal(rowIdParam.parse(String(id)), id);
    assert.equal(parseId(String(id), "code"), id);
  }
  for (const id of [0, -1, 2 ** 31, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, Number.POSITIVE_INFINITY]) {
    assert.equal(isRowId(id), false, String(id));
    assert.equal(rowId.safeParse(id).success, false, String(id));
    assert.equal(rowIdParam.safeParse(String(id)).success, false, String(id));
  }
  for (const raw of ["2147483648", "99999999999", "0", "-1", "1e3", "0x10", " 1", "1 ", "", "abc", `1${NUL}`, undefined]) {
    assert.throws(
      () => parseId(raw, "QR code"),
      (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === "id",
      String(raw),
    );
  }
});

test("days are calendar days from 2000-01-01 to 2099-12-31", () => {
  for (const ok of ["2000-01-01", "2024-02-29", "2099-12-31"]) assert.equal(day.parse(ok), ok);
  for (const bad of [
    "0000-01-01",
    "1999-12-31",
    "2100-01-01",
    "9999-12-31",
    "2023-02-29",
    "2026-13-01",
    "2026-1-1",
    `2026-01-01${NUL}`,
  ])
    assert.equal(day.safeParse(bad).success, false, bad);
  const issue = dateRange.safeParse({ from: "0000-01-01", to: "2026-01-01" }).error?.issues[0];
  assert.deepEqual(issue?.path, ["from"]);
  assert.match(issue?.message ?? "", /2000-01-01 to 2099-12-31/);
});

test("every schema's text fields, ids and days follow the rule (forms and page pre-reads parse without readJson)", () => {
  const refused = (schema: z.ZodType, input: unknown, field: string) => {
    const result = schema.safeParse(input);
    assert.equal(result.success, false, `${field}: ${JSON.stringify(input)}`);
    assert.equal(result.error?.issues[0]?.path.join("."), field, JSON.stringify(result.error?.issues));
  };
  const code = { name: "n", channel: "c", kind: "permanent" };
  refused(createQrCodeSchema, { ...code, name: `n${NUL}` }, "name");
  refused(createQrCodeSchema, { ...code, campaign: NUL }, "campaign");
  refused(createQrCodeSchema, { ...code, sceneStr: `s${NUL}` }, "sceneStr");
  refused(createQrCodeSchema, { ...code, accountId: 2 ** 31 }, "accountId");
  refused(replySchema, { type: "text", content: NUL }, "content");
  refused(replySchema, { type: "image", mediaId: NUL }, "mediaId");
  refused(replySchema, { type: "news", title: "t", description: NUL }, "description");
  refused(replySchema, { type: "news", title: "t", picUrl: `https://a.example/${NUL}` }, "picUrl");
  refused(listQrCodesQuery, { q: NUL }, "q");
  refused(listQrCodesQuery, { accountId: "2147483648" }, "accountId");
  refused(createTokenSchema, { name: NUL, role: "admin" }, "name");
  refused(createUserSchema, { email: `a${NUL}@b`, role: "admin", password: "long enough password" }, "email");
  const account = { appId: "wx0123456789abcdef", appSecret: "a".repeat(32), token: "token1", encodingAesKey: "a".repeat(43) };
  refused(createAccountSchema, { ...account, name: `n${NUL}` }, "name");
  refused(statsQuery, { from: "2026-01-01", to: "2026-01-02", channel: NUL }, "channel");
  refused(eventsExportQuery, { from: "2026-01-01", to: "2026-01-02", qrCodeId: "2147483648" }, "qrCodeId");
});

const request = (url: string, body?: string) =>
  new Request(
    `http://qudao${url}`,
    body === undefined ? {} : { method: "POST", body, headers: { "content-type": "application/json" } },
  );

test("readJson and readQuery refuse a NUL anywhere, whatever the route's schema lets through", async () => {
  const anything = z.unknown();
  const refusal = (field: string | undefined) => (error: unknown) =>
    error instanceof ApiError && error.status === 400 && error.field === field && /NUL/.test(error.message);
  await assert.rejects(readJson(request("/", JSON.stringify({ a: { b: [`x${NUL}`] } })), anything), refusal("a.b.0"));
  await assert.rejects(readJson(request("/", JSON.stringify({ [`k${NUL}`]: 1 })), anything), refusal(`k${NUL}`));
  await assert.rejects(readJson(request("/", JSON.stringify(NUL)), anything), refusal(undefined));
  assert.throws(() => readQuery(request("/?q=%00"), anything), refusal("q"));
  assert.throws(() => readQuery(request("/?ok=1&%00=1"), anything), refusal(NUL));
  assert.deepEqual(await readJson(request("/", JSON.stringify({ a: "渠道😀" })), anything), { a: "渠道😀" });
  assert.deepEqual(readQuery(request("/?q=%E6%B8%A0"), anything), { q: "渠" });
});
