import { z } from "zod";
import { EMAIL_PATTERN } from "@/lib/limits";
import { PUSH_ACCEPTANCE } from "@/lib/wechat/limits";
import { AllowedNetworks } from "@/lib/wechat/outbound-address";

// Every environment variable Qudao reads, in one typed and validated place (the README and
// .env.example document the same list). An empty value counts as unset, as in a copied .env.

const unset = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());
const integer = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
const MESSAGE_MODES = ["plain", "compatible", "safe"] as const;
const networkList = z.string().superRefine((value, ctx) => {
  try {
    AllowedNetworks.parse(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});
const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

const variables = z.object({
  PORT: optional(integer(1, 65535)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  HOST: optional(z.string()),
  DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")),
  DATABASE_POOL_SIZE: optional(integer(1, 1000)),
  NEXTAUTH_SECRET: optional(z.string()),
  NEXTAUTH_URL: optional(httpUrl),
  ENCRYPTION_KEY: optional(z.string()),
  ADMIN_EMAIL: optional(z.string().regex(EMAIL_PATTERN, "must be an email address")),
  ADMIN_PASSWORD: optional(z.string()),
  WECHAT_API_BASE: optional(httpUrl),
  WECHAT_APP_ID: optional(z.string()),
  WECHAT_APP_SECRET: optional(z.string()),
  WECHAT_TOKEN: optional(z.string()),
  WECHAT_ENCODING_AES_KEY: optional(z.string()),
  WECHAT_MESSAGE_MODE: optional(z.enum(MESSAGE_MODES, { error: `must be one of ${MESSAGE_MODES.join(", ")}` })),
  WECHAT_ACCOUNT_NAME: optional(z.string()),
  WEBHOOK_MAX_SKEW_SECONDS: optional(integer(1, 86_400)),
  QUDAO_INTERNAL_ORIGIN: optional(httpUrl),
  TRUSTED_PROXY_HOPS: optional(integer(0, 10)),
  RENDER_CONCURRENCY: optional(integer(1, 256)),
  OUTBOUND_ALLOWED_NETWORKS: optional(networkList),
  POSTER_FONT: optional(z.string()),
});

/** Every variable's name: the README's table and .env.example list the same. */
export const CONFIG_VARIABLES = Object.keys(variables.shape) as (keyof typeof variables.shape)[];

export type MessageMode = (typeof MESSAGE_MODES)[number];

/** The official account configured by WECHAT_* variables. */
export type EnvAccount = {
  appId: string;
  name: string;
  appSecret: string;
  token: string;
  encodingAesKey: string | null;
  mode: MessageMode;
};

export type Config = ReturnType<typeof fromVariables>;

/** A variable with a value Qudao cannot use; the message names each one and says why. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

function envAccount(v: z.infer<typeof variables>, problems: string[]): EnvAccount | null {
  if (!v.WECHAT_APP_ID) return null;
  const mode = v.WECHAT_MESSAGE_MODE ?? (v.WECHAT_ENCODING_AES_KEY ? "safe" : "plain");
  if (!v.WECHAT_APP_SECRET || !v.WECHAT_TOKEN) problems.push("WECHAT_APP_ID: needs WECHAT_APP_SECRET and WECHAT_TOKEN");
  if (mode !== "plain" && !v.WECHAT_ENCODING_AES_KEY) problems.push(`WECHAT_MESSAGE_MODE: ${mode} needs WECHAT_ENCODING_AES_KEY`);
  return {
    appId: v.WECHAT_APP_ID,
    name: v.WECHAT_ACCOUNT_NAME ?? v.WECHAT_APP_ID,
    appSecret: v.WECHAT_APP_SECRET ?? "",
    token: v.WECHAT_TOKEN ?? "",
    encodingAesKey: v.WECHAT_ENCODING_AES_KEY ?? null,
    mode,
  };
}

function fromVariables(v: z.infer<typeof variables>, problems: string[]) {
  const port = v.PORT ?? 3000;
  return {
    port,
    host: v.HOST,
    logLevel: v.LOG_LEVEL ?? "info",
    dataDir: v.DATA_DIR ?? ".data",
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE ?? 10,
    nextauthSecret: v.NEXTAUTH_SECRET,
    publicUrl: v.NEXTAUTH_URL ?? `http://localhost:${port}`,
    encryptionKey: v.ENCRYPTION_KEY,
    admin: { email: v.ADMIN_EMAIL ?? "admin@example.com", password: v.ADMIN_PASSWORD },
    wechatApiBase: v.WECHAT_API_BASE,
    envAccount: envAccount(v, problems),
    webhookMaxSkewSeconds: v.WEBHOOK_MAX_SKEW_SECONDS ?? PUSH_ACCEPTANCE.maxSkewSeconds,
    /** How this instance reaches itself (the sandbox, test scans). */
    internalOrigin: v.QUDAO_INTERNAL_ORIGIN ?? `http://127.0.0.1:${port}`,
    /** Reverse proxies in front whose X-Forwarded-For entries are believed (sign-in lockout per address). */
    trustedProxyHops: v.TRUSTED_PROXY_HOPS ?? 0,
    /** Images rendered at once per instance (lib/qr/render-slots.ts); unset: one per CPU. */
    renderConcurrency: v.RENDER_CONCURRENCY,
    /** The non-public networks accounts' API origins may reach (none: public addresses only). */
    outboundAllowedNetworks: AllowedNetworks.parse(v.OUTBOUND_ALLOWED_NETWORKS ?? ""),
    /** The CJK font file posters' captions are drawn in; unset: fonts-wqy-zenhei's (lib/posters/render.ts). */
    posterFont: v.POSTER_FONT,
  };
}

/** Reads and checks `env`; throws a ConfigError listing every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = variables.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${String(issue.path[0])}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
      );
  const result = parsed.success ? fromVariables(parsed.data, problems) : null;
  if (problems.length || !result) throw new ConfigError(problems);
  return result;
}

// Start-up code fills in some variables (the embedded database's URL, generated secrets) and tests
// set them per file, so the parsed value is kept per distinct environment rather than once.
let cached: { key: string; config: Config } | undefined;

/** This process's configuration, from its environment. */
export function config(): Config {
  const key = CONFIG_VARIABLES.map((name) => process.env[name] ?? "").join("\u0000");
  if (cached?.key !== key) cached = { key, config: readConfig(process.env) };
  return cached.config;
}
