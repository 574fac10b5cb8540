/**
 * `npm run build`: the Prisma client, Next's production build, and the server bundle beside it
 * (`<distDir>/qudao-server.mjs`, what `npm start` runs). With `--if-changed` (as `npm start` calls
 * it) nothing is done when the sources are those of the last build.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { generatePrismaClient } from "./generate";
import { withDirectoryLock } from "../lib/runtime/startup-lock";

export const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
export const SERVER_BUNDLE = path.join(DIST_DIR, "qudao-server.mjs");
const MARKER = path.join(DIST_DIR, "qudao-source-hash");
const BUILD_LOCK = ".qudao-build.lock";
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "scripts",
  "prisma/schema.prisma",
  "package-lock.json",
  "next.config.mjs",
  "proxy.ts",
  "instrumentation-client.ts",
  "postcss.config.mjs",
  "tsconfig.json",
];

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry) || entry.includes("lib/generated")) return;
    if (!statSync(entry).isDirectory()) hash.update(entry).update(readFileSync(entry));
    else for (const e of readdirSync(entry).sort()) visit(path.join(entry, e));
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

const upToDate = (hash: string) =>
  existsSync(SERVER_BUNDLE) &&
  existsSync(path.join(DIST_DIR, "BUILD_ID")) &&
  existsSync(MARKER) &&
  readFileSync(MARKER, "utf8") === hash;

/** The server entry and what it imports from lib/, as one ES module; packages stay in node_modules. */
async function bundleServer() {
  await build({
    entryPoints: ["scripts/serve.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
}

/** Builds everything, one build at a time per checkout (instances may start together). */
export async function buildApp(opts: { ifChanged?: boolean; log?: (line: string) => void } = {}) {
  await withDirectoryLock(BUILD_LOCK, async () => {
    const hash = sourceHash();
    if (opts.ifChanged && upToDate(hash)) return;
    opts.log?.("building (first start or changed sources; takes a minute or two)…");
    generatePrismaClient();
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
    await bundleServer();
    writeFileSync(MARKER, hash);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp({ ifChanged: process.argv.includes("--if-changed"), log: (line) => console.log(`[qudao] ${line}`) }).catch((error) => {
    console.error(`[qudao] build failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
