import { spawn } from "node:child_process";
import path from "node:path";

export type CliRun = { code: number | null; stdout: string; stderr: string; lastLine: string };

/** `npm run cli -- …args` as a user runs it, with `env` as its whole environment. */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, lastLine: stdout.trimEnd().split("\n").at(-1) ?? "" }));
  });
}
