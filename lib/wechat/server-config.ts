import { randomChars } from "../random";
import { SERVER_CONFIG_RULES } from "./limits";

// New secrets for 服务器配置, made as WeChat's 随机生成 button makes them. No node:* imports: the
// dashboard's account form generates them in the browser.

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A Token of the longest length WeChat allows. */
export const generateWeChatToken = () => randomChars(ALPHANUMERIC, SERVER_CONFIG_RULES.tokenChars.max);

/** An EncodingAESKey: 43 letters or digits. */
export const generateEncodingAesKey = () => randomChars(ALPHANUMERIC, SERVER_CONFIG_RULES.encodingAesKeyChars);

/** Why WeChat's servers could not call this URL: a name only this network knows, or a port WeChat does not use. */
export type WebhookUrlProblem = "private" | "port" | "scheme";

export function webhookUrlProblem(url: string): WebhookUrlProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "scheme";
  }
  const defaultPort = SERVER_CONFIG_RULES.ports[parsed.protocol as keyof typeof SERVER_CONFIG_RULES.ports];
  if (defaultPort === undefined) return "scheme";
  if (isPrivateHost(parsed.hostname)) return "private";
  if (parsed.port !== "" && Number(parsed.port) !== defaultPort) return "port";
  return null;
}

function isPrivateHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (name.includes(":")) return name === "::1" || /^(fc|fd|fe80)/.test(name);
  if (name === "localhost" || name.endsWith(".localhost") || name.endsWith(".local") || !name.includes(".")) return true;
  const octets = name.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return false;
  const [a, b] = octets;
  return (
    a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  );
}
