import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { upsertAccount } from "@/lib/db/accounts";
import { countAdmins, createUser } from "@/lib/db/users";
import { generatePassword } from "@/lib/auth/generate-password";
import { generateEncodingAesKey, generateWeChatToken } from "@/lib/wechat/server-config";
import type { MessageMode } from "@/lib/generated/prisma/client";

const MODES: MessageMode[] = ["plain", "compatible", "safe"];

/** First start: the first admin (password printed once when generated). */
async function ensureAdmin(log: (line: string) => void) {
  if ((await countAdmins()) > 0) return;
  const email = process.env.ADMIN_EMAIL || "admin@example.com";
  const generated = !process.env.ADMIN_PASSWORD;
  const password = process.env.ADMIN_PASSWORD || generatePassword();
  await createUser({ email, name: "Admin", role: "admin", password });
  log(`created the first admin: ${email}`);
  if (generated) log(`  password (shown once, change it after signing in): ${password}`);
}

/** The official account from WECHAT_* variables, kept in step with them at every start. */
async function upsertEnvAccount(log: (line: string) => void): Promise<boolean> {
  const appId = process.env.WECHAT_APP_ID;
  if (!appId) return false;
  const mode = (process.env.WECHAT_MESSAGE_MODE || (process.env.WECHAT_ENCODING_AES_KEY ? "safe" : "plain")) as MessageMode;
  if (!MODES.includes(mode)) throw new Error(`WECHAT_MESSAGE_MODE must be one of ${MODES.join(", ")}`);
  if (!process.env.WECHAT_APP_SECRET || !process.env.WECHAT_TOKEN)
    throw new Error("WECHAT_APP_ID needs WECHAT_APP_SECRET and WECHAT_TOKEN");
  if (mode !== "plain" && !process.env.WECHAT_ENCODING_AES_KEY)
    throw new Error(`WECHAT_MESSAGE_MODE=${mode} needs WECHAT_ENCODING_AES_KEY`);
  await upsertAccount({
    appId,
    name: process.env.WECHAT_ACCOUNT_NAME || appId,
    appSecret: process.env.WECHAT_APP_SECRET,
    token: process.env.WECHAT_TOKEN,
    encodingAesKey: process.env.WECHAT_ENCODING_AES_KEY || null,
    mode,
  });
  log(`official account ${appId} (${mode} mode) is configured from WECHAT_*`);
  return true;
}

/** Without a real account, a sandbox one so everything can be tried at once. */
async function ensureSandboxAccount(log: (line: string) => void) {
  if ((await prisma.account.count()) > 0) return;
  const appId = `wxsandbox${randomBytes(4).toString("hex")}`;
  await upsertAccount({
    appId,
    name: "Sandbox account",
    originalId: "gh_sandbox0000",
    appSecret: randomBytes(16).toString("hex"),
    token: generateWeChatToken(),
    encodingAesKey: generateEncodingAesKey(),
    mode: "safe",
    sandbox: true,
  });
  log(`created the sandbox official account ${appId} (safe mode, WeChat API served by the built-in sandbox)`);
}

export async function bootstrap(log: (line: string) => void = console.log) {
  await ensureAdmin(log);
  if (!(await upsertEnvAccount(log))) await ensureSandboxAccount(log);
}
