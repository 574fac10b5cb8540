export type ApiErrorKind = "busy" | "token" | "quota" | "ip_not_whitelisted" | "network" | "other";

const TOKEN_CODES = new Set([40001, 40014, 42001]);
const QUOTA_CODES = new Set([45009, 45011, 45029]);

/**
 * A refusal from the WeChat API. For kind 'network' errcode is the HTTP status, or 0 when no
 * answer arrived at all.
 */
export class WeChatApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  readonly kind: ApiErrorKind;
  readonly ip?: string;

  constructor(init: { errcode: number; errmsg: string; kind: ApiErrorKind; ip?: string | undefined; message: string }) {
    super(init.message);
    this.name = "WeChatApiError";
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.kind = init.kind;
    if (init.ip !== undefined) this.ip = init.ip;
  }

  static network(message: string, status = 0): WeChatApiError {
    return new WeChatApiError({ errcode: status, errmsg: message, kind: "network", message });
  }

  static fromErrcode(errcode: number, errmsg: string, attempts = 1): WeChatApiError {
    const said = errmsg ? `errcode ${errcode}: ${errmsg}` : `errcode ${errcode}`;
    if (errcode === -1) {
      return new WeChatApiError({
        errcode,
        errmsg,
        kind: "busy",
        message: `WeChat stayed busy after ${attempts} attempts (${said})`,
      });
    }
    if (TOKEN_CODES.has(errcode)) {
      return new WeChatApiError({ errcode, errmsg, kind: "token", message: `WeChat rejected the access token (${said})` });
    }
    if (QUOTA_CODES.has(errcode)) {
      const message =
        errcode === 45029
          ? `WeChat's limit of 100,000 permanent codes for this account is reached (${said})`
          : `WeChat's ${errcode === 45009 ? "daily call quota" : "per-minute call limit"} for this API is used up (${said}); not retried — try again later`;
      return new WeChatApiError({ errcode, errmsg, kind: "quota", message });
    }
    if (errcode === 40164) {
      const ip = /invalid ip\s+([0-9A-Fa-f.:]+[0-9A-Fa-f])/i.exec(errmsg)?.[1];
      const from = ip ? `from IP ${ip}` : `from this server's IP`;
      return new WeChatApiError({
        errcode,
        errmsg,
        kind: "ip_not_whitelisted",
        ip,
        message: `WeChat refused the call ${from}: add it to the IP whitelist in the official account's 基本配置 (${said})`,
      });
    }
    const hint = (ERRCODE_HINTS as Record<number, string | undefined>)[errcode];
    return new WeChatApiError({ errcode, errmsg, kind: "other", message: hint ? `${hint} (${said})` : `WeChat error ${said}` });
  }
}

/**
 * What each refusal means for the operator, in our words (the errmsg stays WeChat's, errmsgOf); the
 * dashboard shows them translated (lib/i18n/messages/wechat-errors.ts).
 */
export const ERRCODE_HINTS = {
  40003: "WeChat does not know this openid for this account",
  40007: "WeChat does not know this media_id (upload the image or thumbnail to WeChat first)",
  40008: "WeChat does not accept this message type",
  40013: "WeChat does not know this AppID",
  40032: "Too many openids in one call (at most 50 per batchtagging)",
  40125: "WeChat rejected the AppSecret",
  43004: "The user does not follow the account (any more): WeChat only delivers messages to followers",
  45002: "The message is longer than WeChat allows",
  45008: "A news message may carry one article only",
  45015: "The user's window for messages has closed (60 s after a scan or follow, 48 h after their message)",
  45047:
    "WeChat's limit of messages for this user's window is used up (3 within 60 s of a scan or follow, passive reply included)",
  45056: "The account already has WeChat's maximum of 100 tags: delete unused tags at WeChat or reuse one",
  45059: "The user already carries WeChat's maximum of 20 tags",
  45157: "A tag with this name already exists at WeChat, or the name is not allowed",
  45158: "The tag name is longer than WeChat's 30 bytes",
  45159: "WeChat has no tag with this id (deleted at WeChat?)",
  48001: "This account may not call this API (parameterized QR codes need a verified service account)",
  40004: "WeChat does not accept this material type (image, voice, video or thumb)",
  40005: "WeChat does not accept this file type (images: bmp, png, jpeg, jpg or gif)",
  40009: "The image is larger than WeChat's 10 MB",
  41005: "WeChat received no file",
  45034: "The account already holds WeChat's maximum of 100,000 permanent images",
} satisfies Record<number, string>;

/** The errcodes ERRCODE_HINTS explains. */
export type HintedErrcode = keyof typeof ERRCODE_HINTS;
