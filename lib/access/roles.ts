import type { Role } from "@/lib/generated/prisma/enums";

export type { Role };

/** Every role, most powerful first. Kept as a value so the CLI and forms can validate against it. */
export const ROLES = ["admin", "marketer", "operator", "analyst", "integration"] as const satisfies readonly Role[];
// Fails to compile when the schema gains a role this list lacks.
const _everyRoleListed: Role extends (typeof ROLES)[number] ? true : never = true;
void _everyRoleListed;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * The roles a dashboard user may have. `integration` is for API tokens of other software (a website's
 * scan-to-follow sign-in): it may create and read bindings and nothing else, not even read codes.
 */
export const USER_ROLES = ["admin", "marketer", "operator", "analyst"] as const satisfies readonly Role[];

export type UserRole = (typeof USER_ROLES)[number];

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === "string" && (USER_ROLES as readonly string[]).includes(value);
}

const ALL: readonly Role[] = USER_ROLES;

/**
 * Who may do what. Admin is listed everywhere for readability, and `can` lets admin through anyway.
 * Analysts appear only on read permissions; integration only on bindings.
 */
export const PERMISSIONS = {
  "qrcodes:read": ALL,
  "qrcodes:write": ["admin", "marketer"],
  "campaigns:write": ["admin", "marketer"],
  "channels:write": ["admin", "marketer"],
  "replies:read": ALL,
  "replies:write": ["admin", "operator"],
  "scan:simulate": ["admin", "operator"],
  "stats:read": ALL,
  "accounts:read": ALL,
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
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

type HasRole = { role: Role } | null | undefined;

/** True when the principal holds one of the required roles; admin may do everything. */
export function canAct(principal: HasRole, required: Role | readonly Role[]): boolean {
  if (!principal || !isRole(principal.role)) return false;
  if (principal.role === "admin") return true;
  const roles: readonly Role[] = typeof required === "string" ? [required] : required;
  return roles.includes(principal.role);
}

/** True when the principal may exercise `permission` (see PERMISSIONS). Unknown permissions: false. */
export function can(principal: HasRole, permission: Permission): boolean {
  const roles: readonly Role[] | undefined = Object.hasOwn(PERMISSIONS, permission) ? PERMISSIONS[permission] : undefined;
  return roles !== undefined && canAct(principal, roles);
}

/** Where a role's work starts: the page "/" and the dashboard's way home lead to (analysts read statistics). */
export const homePageOf = (role: Role): string => (role === "analyst" ? "/stats" : "/codes");
