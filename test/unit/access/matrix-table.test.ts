import { test } from "node:test";
import assert from "node:assert/strict";
import { API_ACCESS, PAGE_ACCESS, apiRoutesInApp, pagesInApp, readmeTable, readmeTableNow } from "../../access/matrix";

// The access matrix (test/access/matrix.ts) names every route and page app/ has, no more, no less;
// test/integration/access-matrix.test.ts then asks each of them as every kind of caller.

test("every API route file and every method it exports has an entry in the access matrix, and nothing else does", () => {
  const inApp = apiRoutesInApp();
  const expected = Object.fromEntries(
    Object.entries(API_ACCESS)
      .map(([route, methods]) => [route, Object.keys(methods)] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  assert.deepEqual(inApp, expected, "app/api and test/access/matrix.ts (API_ACCESS) disagree: add the route there");
});

test("every page has an entry in the access matrix, and nothing else does", () => {
  assert.deepEqual(pagesInApp(), Object.keys(PAGE_ACCESS).sort(), "app/**/page.tsx and PAGE_ACCESS disagree");
});

test("the README's table of who may use what is the one generated from the matrix", () => {
  assert.equal(
    readmeTableNow(),
    readmeTable(),
    "README.md's access table is out of date: run `npx tsx test/access/matrix.ts --write-readme`",
  );
});
