/**
 * Who may use which page and API route: the one expected table. test/integration/access-matrix.test.ts
 * finds every route and page in app/ and asks each as every role, signed out, with an expired
 * session and with a revoked token; a route or page missing here fails it. The README's table of
 * who may use what is generated from this one (`npx tsx test/access/matrix.ts --write-readme`), and
 * test/unit/access/readme-matrix.test.ts fails when they differ.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PERMISSIONS, ROLES, USER_ROLES, type Permission, type Role } from "@/lib/access/roles";

/**
 * A permission of lib/access/roles.ts; `admin` for the one route that checks the role itself;
 * `signed-in` for any role; `public` for what answers without a session (by its own rules:
 * WeChat's signatures and credentials, next-auth's CSRF token), the same whoever asks.
 */
export type Access = Permission | "admin" | "signed-in" | "public";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

/** Every app/**\/route.ts (as its URL pattern: the API and live codes' public page and image) and what each method needs. */
export const API_ACCESS: Record<string, Partial<Record<Method, Access>>> = {
  "/api/accounts": { GET: "accounts:read", POST: "accounts:write" },
  "/api/accounts/[id]": { GET: "accounts:read", PATCH: "accounts:write" },
  "/api/accounts/[id]/check": { POST: "accounts:write" },
  "/api/accounts/[id]/keywords": { GET: "replies:read", POST: "replies:write" },
  "/api/accounts/[id]/keywords/order": { POST: "replies:write" },
  "/api/accounts/[id]/keywords/test": { POST: "replies:read" },
  "/api/accounts/[id]/quota": { GET: "qrcodes:read" },
  "/api/accounts/[id]/taken-scenes": { POST: "qrcodes:read" },
  "/api/accounts/[id]/replies": { GET: "replies:read", PUT: "replies:write" },
  "/api/audit": { GET: "audit:read" },
  "/api/jobs": { GET: "jobs:read" },
  "/api/events/[id]/follow-ups": { GET: "replies:read" },
  "/api/qrcodes/[id]/follow-ups": { GET: "replies:read", PUT: "replies:write" },
  "/api/qrcodes/[id]/tags": { GET: "qrcodes:read", PUT: "qrcodes:write" },
  "/api/channels/[id]/tags": { GET: "qrcodes:read", PUT: "channels:write" },
  "/api/jobs/[id]/retry": { POST: "jobs:write" },
  "/api/jobs/[id]/cancel": { POST: "jobs:write" },
  "/api/forwarding/endpoints": { GET: "forwarding:read", POST: "forwarding:write" },
  "/api/forwarding/endpoints/[id]": { PATCH: "forwarding:write", DELETE: "forwarding:write" },
  "/api/forwarding/endpoints/[id]/test": { POST: "forwarding:write" },
  "/api/forwarding/endpoints/[id]/deliveries": { GET: "forwarding:read" },
  "/api/bindings": { POST: "bindings:write" },
  "/api/bindings/[id]": { GET: "bindings:read" },
  "/api/bindings/[id]/image": { GET: "public" },
  "/api/auth/[...nextauth]": { GET: "public", POST: "public" },
  "/api/campaigns": { GET: "qrcodes:read" },
  "/api/campaigns/[id]": { PATCH: "campaigns:write" },
  "/api/channels": { GET: "qrcodes:read" },
  "/api/channels/[id]": { PATCH: "channels:write" },
  "/api/channels/[id]/merge": { POST: "channels:write" },
  "/api/events": { GET: "stats:read" },
  "/api/followers": { GET: "stats:read" },
  "/api/health": { GET: "public" },
  "/api/keywords/[id]": { PATCH: "replies:write", DELETE: "replies:write" },
  "/api/qrcodes": { GET: "qrcodes:read", POST: "qrcodes:write" },
  "/api/qrcodes/[id]": { GET: "qrcodes:read", PATCH: "qrcodes:write" },
  "/api/qrcodes/[id]/duplicate": { POST: "qrcodes:write" },
  "/api/qrcodes/[id]/image": { GET: "qrcodes:read", POST: "qrcodes:read" },
  "/api/qrcodes/[id]/renew": { POST: "qrcodes:write" },
  "/api/qrcodes/[id]/reply": { PUT: "replies:write", DELETE: "replies:write" },
  "/api/qrcodes/[id]/test-scan": { POST: "scan:simulate" },
  "/api/qrcodes/bulk": { POST: "qrcodes:write" },
  "/api/qrcodes/zip": { GET: "qrcodes:read" },
  "/api/replies/test-follow": { POST: "scan:simulate" },
  "/api/sandbox/cgi-bin/message/custom/send": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/qrcode/create": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/showqrcode": { GET: "public" },
  "/api/sandbox/cgi-bin/stable_token": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/tags/create": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/tags/get": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/tags/getidlist": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/tags/members/batchtagging": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/token": { GET: "public" },
  "/api/sandbox/faults": { POST: "admin" },
  "/api/sandbox/followers/[openid]": { GET: "scan:simulate" },
  "/api/sandbox/followers/[openid]/messages": { POST: "scan:simulate" },
  "/api/sandbox/followers": { GET: "scan:simulate" },
  "/api/sandbox/followers/[openid]/unfollow": { POST: "scan:simulate" },
  "/api/stats": { GET: "stats:read" },
  "/api/stats/series": { GET: "stats:read" },
  "/api/stats/heatmap": { GET: "stats:read" },
  "/api/stats/retention": { GET: "stats:read" },
  "/api/tokens": { GET: "tokens:read", POST: "tokens:write" },
  "/api/tokens/[id]": { DELETE: "tokens:write" },
  "/api/users": { GET: "users:read", POST: "users:write" },
  "/api/users/[id]": { PATCH: "users:write", DELETE: "users:write" },
  "/api/users/[id]/password": { POST: "users:write" },
  "/api/wechat/[appId]": { GET: "public", POST: "public" },
  "/q/[slug]": { GET: "public" },
  "/q/[slug]/image.png": { GET: "public" },
  "/api/accounts/[id]/reply-images": { GET: "replies:read", POST: "replies:write" },
  "/api/reply-images/[id]/content": { GET: "replies:read" },
  "/api/reply-images/[id]": { DELETE: "replies:write" },
  "/api/sandbox/cgi-bin/material/add_material": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/material/del_material": { GET: "public", POST: "public" },
  "/api/sandbox/cgi-bin/material/get_materialcount": { GET: "public" },
  "/api/sandbox/material/[mediaId]": { GET: "scan:simulate" },
  "/api/qrcodes/[id]/logo": { GET: "qrcodes:read", PUT: "qrcodes:write", DELETE: "qrcodes:write" },
  "/api/campaigns/[id]/logo": { GET: "qrcodes:read", PUT: "campaigns:write", DELETE: "campaigns:write" },
  "/api/posters": { GET: "qrcodes:read", POST: "campaigns:write" },
  "/api/posters/[id]": { GET: "qrcodes:read", PUT: "campaigns:write", DELETE: "campaigns:write" },
  "/api/posters/[id]/background": { GET: "qrcodes:read" },
  "/api/qrcodes/[id]/poster": { GET: "qrcodes:read" },
};

/** Every app/**\/page.tsx (as its URL pattern, route groups left out) and what it needs. */
export const PAGE_ACCESS: Record<string, Access> = {
  "/": "signed-in",
  "/signin": "public",
  "/forbidden": "signed-in",
  "/codes": "qrcodes:read",
  "/codes/[id]": "qrcodes:read",
  "/codes/print": "qrcodes:read",
  "/codes/new": "qrcodes:write",
  "/codes/batch": "qrcodes:write",
  "/replies": "replies:read",
  "/keywords": "replies:read",
  "/sandbox": "scan:simulate",
  "/stats": "stats:read",
  "/followers": "stats:read",
  "/channels": "qrcodes:read",
  "/campaigns": "qrcodes:read",
  "/accounts": "accounts:write",
  "/users": "users:write",
  "/tokens": "tokens:write",
  "/audit": "audit:read",
  "/jobs": "jobs:read",
  "/forwarding": "forwarding:read",
  "/posters": "qrcodes:read",
};

/** The roles `access` lets in; null for public (no session needed). */
export function rolesFor(access: Access): readonly Role[] | null {
  if (access === "public") return null;
  if (access === "signed-in") return USER_ROLES; // a session: integration is a role of API tokens only
  if (access === "admin") return ["admin"];
  const listed: readonly Role[] = PERMISSIONS[access];
  return ROLES.filter((role) => role === "admin" || listed.includes(role));
}

// --- what app/ holds -------------------------------------------------------------------------

const APP = path.join(import.meta.dirname, "..", "..", "app");

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return entry.name === name ? [full] : [];
  });
}

/** A file's URL pattern: its folders under app/, route groups `(…)` left out. */
function urlPattern(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep);
  return `/${segments.filter((s) => s && !/^\(.*\)$/.test(s)).join("/")}`;
}

/** The HTTP methods a route module exports (`export const GET`, `export async function POST`, `export { h as GET }`). */
export function exportedMethods(source: string): Method[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|(?:async\s+)?function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1].split(","))
      found.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop() ?? "",
      );
  return METHODS.filter((method) => found.has(method));
}

/** Every route handler in app/ with the methods its file exports. */
export function apiRoutesInApp(): Record<string, Method[]> {
  return Object.fromEntries(
    filesNamed(APP, "route.ts")
      .map((file) => [urlPattern(file), exportedMethods(readFileSync(file, "utf8"))] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export const pagesInApp = (): string[] => filesNamed(APP, "page.tsx").map(urlPattern).sort();

// --- the README's table ----------------------------------------------------------------------

const README = path.join(import.meta.dirname, "..", "..", "README.md");
const START = "<!-- access-matrix: generated from test/access/matrix.ts -->";
const END = "<!-- /access-matrix -->";

function who(roles: readonly Role[] | null): string {
  if (roles === null) return "anyone (no sign-in; the route's own checks)";
  if (roles.length === USER_ROLES.length && !roles.includes("integration")) return "every role but integration";
  return roles.join(", ");
}

/** The README's table: for each set of roles, the pages and API calls it (and only it) may use. */
export function readmeTable(): string {
  const rows = new Map<string, { rank: number; pages: string[]; api: Map<string, string[]> }>();
  const row = (roles: readonly Role[] | null) => {
    const key = who(roles);
    if (!rows.has(key)) rows.set(key, { rank: roles === null ? 0 : roles.length, pages: [], api: new Map() });
    return rows.get(key)!;
  };
  for (const [page, access] of Object.entries(PAGE_ACCESS)) row(rolesFor(access)).pages.push(`\`${page}\``);
  for (const [route, methods] of Object.entries(API_ACCESS))
    for (const [method, access] of Object.entries(methods)) {
      const api = row(rolesFor(access as Access)).api;
      api.set(route, [...(api.get(route) ?? []), method]);
    }
  // `GET`/`POST /api/x`, as the API table above writes several methods of one path
  const calls = (api: Map<string, string[]>) =>
    [...api].map(([route, methods]) =>
      [...methods.slice(0, -1).map((m) => `\`${m}\`/`), `\`${methods.at(-1)} ${route}\``].join(""),
    );
  const lines = [...rows.entries()]
    .sort(([, a], [, b]) => b.rank - a.rank)
    .map(([key, { pages, api }]) => `| ${key} | ${pages.join(", ") || "—"} | ${calls(api).join(", ") || "—"} |`);
  return [START, "| who | pages | API |", "| --- | --- | --- |", ...lines, END].join("\n");
}

/** The table as the README has it now (between the markers), or null. */
export function readmeTableNow(): string | null {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < start ? null : text.slice(start, end + END.length);
}

if (process.argv[1] === import.meta.filename && process.argv.includes("--write-readme")) {
  const now = readmeTableNow();
  if (now === null) throw new Error(`README.md has no ${START} … ${END} block to replace`);
  writeFileSync(README, readFileSync(README, "utf8").replace(now, readmeTable()));
  console.log("README.md: access table regenerated");
}
