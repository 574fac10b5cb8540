import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** `prisma generate` offline: it only needs the schema engine path to point at some file. */
export function generatePrismaClient() {
  const placeholder = path.join(mkdtempSync(path.join(tmpdir(), "qudao-")), "no-schema-engine");
  writeFileSync(placeholder, "");
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) generatePrismaClient();
