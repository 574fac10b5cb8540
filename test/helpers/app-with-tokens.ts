import type { Role } from "@/lib/access/roles";
import { startApp, type RunningApp } from "./app";

/** One API token per role, named as given, created in the order given; the secrets by role. */
export async function createApiTokens<R extends Role>(names: Record<R, string>): Promise<Record<R, string>> {
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const tokens = {} as Record<R, string>;
  for (const [role, name] of Object.entries(names) as [R, string][]) tokens[role] = (await createApiToken({ role, name })).token;
  return tokens;
}

/** `startApp`, then an API token for each role in `names` (role → token name). */
export async function startAppWithTokens<R extends Role>(
  names: Record<R, string>,
): Promise<{ app: RunningApp; tokens: Record<R, string> }> {
  const app = await startApp();
  return { app, tokens: await createApiTokens(names) };
}

/** Teardown for `startApp`: stops the app (if it started) and closes this process's database connections. */
export async function stopApp(app: RunningApp | undefined): Promise<void> {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
}
