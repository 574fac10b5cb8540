import { existsSync } from "node:fs";

/** `.env` in the working directory, as `.env.example` suggests; variables already set win. */
export function loadEnvFile(file = ".env") {
  if (existsSync(file)) process.loadEnvFile(file);
}
