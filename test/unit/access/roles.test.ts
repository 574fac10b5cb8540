import { test } from "node:test";
import assert from "node:assert/strict";
import { can, canAct, isRole, PERMISSION_NAMES, ROLES, USER_ROLES, type Permission, type Role } from "@/lib/access/roles";

// The truth table, written out by hand so a change to PERMISSIONS must be made twice.
const EXPECTED: Record<Permission, Role[]> = {
  "qrcodes:read": ["admin", "marketer", "operator", "analyst"],
  "qrcodes:write": ["admin", "marketer"],
  "campaigns:write": ["admin", "marketer"],
  "channels:write": ["admin", "marketer"],
  "replies:read": ["admin", "marketer", "operator", "analyst"],
  "replies:write": ["admin", "operator"],
  "scan:simulate": ["admin", "operator"],
  "stats:read": ["admin", "marketer", "operator", "analyst"],
  "accounts:read": ["admin", "marketer", "operator", "analyst"],
  "accounts:write": ["admin"],
  "users:read": ["admin"],
  "users:write": ["admin"],
  "tokens:read": ["admin"],
  "tokens:write": ["admin"],
  "audit:read": ["admin"],
  "jobs:read": ["admin"],
  "jobs:write": ["admin"],
  "forwarding:read": ["admin"],
  "forwarding:write": ["admin"],
  "bindings:write": ["admin", "integration"],
  "bindings:read": ["admin", "integration"],
};

test("the permission table covers exactly the expected permissions", () => {
  assert.deepEqual([...PERMISSION_NAMES].sort(), Object.keys(EXPECTED).sort());
  assert.deepEqual([...ROLES], ["admin", "marketer", "operator", "analyst", "integration"]);
  assert.deepEqual([...USER_ROLES], ["admin", "marketer", "operator", "analyst"]);
});

for (const role of ROLES) {
  for (const permission of PERMISSION_NAMES) {
    const allowed = EXPECTED[permission].includes(role);
    test(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
      for (const kind of ["user", "token"] as const) {
        assert.equal(can({ kind, id: 1, name: "x", role } as never, permission), allowed);
      }
    });
  }
}

test("analysts hold no write permission", () => {
  for (const permission of PERMISSION_NAMES) {
    if (!permission.endsWith(":read")) assert.equal(can({ role: "analyst" }, permission), false, permission);
  }
});

test("integration may only create and read bindings", () => {
  const allowed = PERMISSION_NAMES.filter((permission) => can({ role: "integration" }, permission));
  assert.deepEqual(allowed.sort(), ["bindings:read", "bindings:write"]);
});

test("admin may do everything, including roles listed for others only", () => {
  assert.equal(canAct({ role: "admin" }, "operator"), true);
  assert.equal(canAct({ role: "admin" }, []), true);
  for (const permission of PERMISSION_NAMES) assert.equal(can({ role: "admin" }, permission), true);
});

test("canAct accepts a role or a list of roles", () => {
  assert.equal(canAct({ role: "marketer" }, "marketer"), true);
  assert.equal(canAct({ role: "marketer" }, "operator"), false);
  assert.equal(canAct({ role: "operator" }, ["marketer", "operator"]), true);
  assert.equal(canAct({ role: "analyst" }, ["marketer", "operator"]), false);
});

test("no principal, an unknown role or an unknown permission is refused", () => {
  assert.equal(can(null, "stats:read"), false);
  assert.equal(can(undefined, "stats:read"), false);
  assert.equal(can({ role: "root" as Role }, "stats:read"), false);
  assert.equal(can({ role: "admin" }, "nonsense:write" as Permission), false);
  assert.equal(can({ role: "admin" }, "toString" as Permission), false);
  assert.equal(canAct(null, "analyst"), false);
  assert.equal(isRole("admin"), true);
  assert.equal(isRole("Admin"), false);
  assert.equal(isRole(undefined), false);
});
