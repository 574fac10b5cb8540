import { test } from "node:test";
import assert from "node:assert/strict";
import { ZodError } from "zod";
import * as accounts from "@/lib/validation/accounts";
import * as qrcodes from "@/lib/validation/qrcodes";
import * as stats from "@/lib/validation/stats";
import * as users from "@/lib/validation/users";

// A JSON body may be any JSON value. Whatever it is, a schema answers with a ZodError (a 400 naming
// the problem), never a TypeError from a refinement that expected an object (a 500).

const schemas = Object.entries({ ...accounts, ...qrcodes, ...stats, ...users }).filter(
  (entry): entry is [string, { safeParse: (v: unknown) => { success: boolean; error?: unknown } }] =>
    typeof (entry[1] as { safeParse?: unknown }).safeParse === "function",
);

test("every input schema refuses a body that is not an object with a ZodError", () => {
  assert.ok(schemas.length >= 10, `found ${schemas.length} schemas`);
  for (const [name, schema] of schemas)
    for (const value of [null, [], ["x"], "x", 1, true]) {
      const result = schema.safeParse(value);
      assert.equal(result.success, false, `${name} accepted ${JSON.stringify(value)}`);
      assert.ok(result.error instanceof ZodError, `${name} on ${JSON.stringify(value)}`);
    }
});
