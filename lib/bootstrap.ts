import { randomBytes } from "node:crypto";
import { countAccounts, upsertAccount } from "@/lib/db/accounts";
import { countAdmins, createUser } from "@/lib/db/users";
import { generatePassword } from "@/lib/access/generate-password";
import { generateEncodingAesKey, generateWeChatToken } from "@/lib/wechat/server-config";
import { config } from "@/lib/config";

/** First start: the first admin (password printed once when generated). */
async function ensureAdmin(log: (line: string) => void) {
  if ((await countAdmins()) > 0) return;
  const { email, password: given } = config().admin;
  const generated = !given;
  const password = given ?? generatePassword();
  await createUser({ email, name: "Admin", role: "admin", password });
  log(`created the first admin: ${email}`);
  if (generated) log(`  password (shown once, change it after signing in): ${password}`);
}

/** The official account from WECHAT_* variables, kept in step with them at every start. */
async function upsertEnvAccount(log: (line: string) => void): Promise<boolean> {
  const account = config().envAccount;
  if (!account) return false;
  await upsertAccount(account);
  log(`official account ${account.appId} (${account.mode} mode) is configured from WECHAT_*`);
  return true;
}

/** Without a real account, a sandbox one so everything can be tried at once. */
async function ensureSandboxAccount(log: (line: string) => void) {
  if ((await countAccounts()) > 0) return;
  const appId = `wxsandbox${randomBytes(4).toString("hex")}`;
  await upsertAccount({
    appId,
    name: "沙盒公众号 Sandbox",
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
