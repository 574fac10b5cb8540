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
    const hint = HINTS[errcode];
    return new WeChatApiError({ errcode, errmsg, kind: "other", message: hint ? `${hint} (${said})` : `WeChat error ${said}` });
  }
}

const HINTS: Record<number, string> = {
  40013: "WeChat does not know this AppID",
  40125: "WeChat rejected the AppSecret",
  48001: "This account may not call this API (parameterized QR codes need a verified service account)",
};
