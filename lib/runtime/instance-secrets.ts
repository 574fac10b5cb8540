import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";

export type RuntimeSecrets = {
  nextauthSecret: string;
  encryptionKey: string;
  postgresPassword: string;
};

/**
 * Secrets an instance needs but a new user should not have to invent: generated once into
 * DATA_DIR/secrets.json (mode 600). Environment variables win, so several instances can share them.
 */
export function loadRuntimeSecrets(dataDir: string): RuntimeSecrets {
  const file = path.join(dataDir, "secrets.json");
  let stored: Partial<RuntimeSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8"));
  const secrets: RuntimeSecrets = {
    nextauthSecret: stored.nextauthSecret ?? randomBytes(32).toString("base64url"),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString("base64url"),
    postgresPassword: stored.postgresPassword ?? randomBytes(18).toString("base64url"),
  };
  if (JSON.stringify(stored) !== JSON.stringify(secrets)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    ...secrets,
    nextauthSecret: config().nextauthSecret ?? secrets.nextauthSecret,
    encryptionKey: config().encryptionKey ?? secrets.encryptionKey,
  };
}
