import { test } from "node:test";
import assert from "node:assert/strict";
import { ZodError } from "zod";
import * as accounts from "@/lib/validation/accounts";
import * as qrcodes from "@/lib/validation/qrcodes";
import * as stats from "@/lib/validation/stats";
import * as users from "@/lib/validation/users";

// A JSON body may be any JSON value. Whatever it is, a schema answers with a ZodError (a 400 naming
// the problem), never a TypeError from a refinement that expected an object (a 500).

type Schema = { safeParse: (value: unknown) => { success: boolean; error?: unknown } };
const isSchema = (value: unknown): value is Schema => typeof (value as Partial<Schema> | null)?.safeParse === "function";
const schemas = Object.entries<unknown>({ ...accounts, ...qrcodes, ...stats, ...users }).flatMap(([name, value]) =>
  isSchema(value) ? [[name, value] as const] : [],
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
