import { randomChars } from "../random";
import { SERVER_CONFIG_RULES } from "./limits";

// New secrets for 服务器配置, made as WeChat's 随机生成 button makes them. No node:* imports: the
// dashboard's account form generates them in the browser.

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A Token of the longest length WeChat allows. */
export const generateWeChatToken = () => randomChars(ALPHANUMERIC, SERVER_CONFIG_RULES.tokenChars.max);

/** An EncodingAESKey: 43 letters or digits. */
export const generateEncodingAesKey = () => randomChars(ALPHANUMERIC, SERVER_CONFIG_RULES.encodingAesKeyChars);
