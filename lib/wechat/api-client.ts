import { WeChatApiError } from "./api-error";
import { httpTransport, TransportError, type ApiTransport } from "./api-transport";
import { errmsgOf } from "./errmsg";
import { API_ANSWER_LIMITS } from "./limits";
import { qrCreateBody, validateQrInput, type QrInput } from "./qr-input";
import { checkOpenid, checkTaggingBatch, checkTagName, customMessageBody, type CustomMessage } from "./custom-message";
import { checkImageFile, EncodedBody, mediaMultipart, type ImageFile } from "./material";

export { WeChatApiError, type ApiErrorKind } from "./api-error";
export { customMessageBody, type CustomMessage } from "./custom-message";
export { WeChatInputError, qrCreateBody, showQrCodeUrl, validateQrInput, type QrInput, type QrKind } from "./qr-input";

/** WeChat's own API origin, where a real account's calls go unless told otherwise. */
export const WECHAT_API_ORIGIN = "https://api.weixin.qq.com";

export type AccessToken = { token: string; expiresAt: number /* epoch ms */ };

/**
 * Where the access token lives, shared by every app instance. refresh() runs the refresher while
 * holding an exclusive lock shared by all instances, passes it the stored token as re-read under
 * that lock, and saves what it returns.
 */
export interface TokenStore {
  read(): Promise<AccessToken | null>;
  refresh(refresher: (current: AccessToken | null) => Promise<AccessToken>): Promise<AccessToken>;
}

/** Permanent material added at WeChat: its media_id and, for images, WeChat's own address of it. */
export type AddedMaterial = { mediaId: string; url: string };

export type QrCode = { ticket: string; url: string; expireSeconds: number | null };

/** A user tag at WeChat; count is how many users carry it (tags/get only). */
export type WeChatTag = { id: number; name: string; count?: number };

export type ApiClientOptions = {
  apiBase: string;
  appId: string;
  appSecret: string;
  tokens: TokenStore;
  /** How requests travel; default httpTransport() (any address: give a guarded one for admin-typed origins). */
  transport?: ApiTransport;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  refreshAheadMs?: number;
  busyRetries?: number;
  timeoutMs?: number;
  /** The timeout of a call that uploads a file; default API_ANSWER_LIMITS.uploadTimeoutMs. */
  uploadTimeoutMs?: number;
};

type Json = Record<string, unknown>;

const BUSY_BACKOFF_MS = 200;

function unexpected(api: string, fields: string): WeChatApiError {
  return new WeChatApiError({
    errcode: 0,
    errmsg: "unexpected answer",
    kind: "other",
    message: `WeChat answered ${api} without ${fields}`,
  });
}

export class WeChatApiClient {
  private readonly base: string;
  private readonly appId: string;
  private readonly appSecret: string;
  private readonly tokens: TokenStore;
  private readonly transport: ApiTransport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly refreshAheadMs: number;
  private readonly busyRetries: number;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;

  constructor(opts: ApiClientOptions) {
    this.base = opts.apiBase.replace(/\/+$/, "");
    this.appId = opts.appId;
    this.appSecret = opts.appSecret;
    this.tokens = opts.tokens;
    this.transport = opts.transport ?? httpTransport();
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = opts.now ?? Date.now;
    this.refreshAheadMs = opts.refreshAheadMs ?? 5 * 60_000;
    this.busyRetries = opts.busyRetries ?? 3;
    this.timeoutMs = opts.timeoutMs ?? API_ANSWER_LIMITS.timeoutMs;
    this.uploadTimeoutMs = opts.uploadTimeoutMs ?? API_ANSWER_LIMITS.uploadTimeoutMs;
  }

  async getAccessToken(): Promise<string> {
    const cached = await this.tokens.read();
    if (this.isFresh(cached)) return cached.token;
    const stored = await this.tokens.refresh((current) =>
      this.isFresh(current) ? Promise.resolve(current) : this.issue(current, false),
    );
    return stored.token;
  }

  async createQrCode(input: QrInput): Promise<QrCode> {
    validateQrInput(input);
    const res = await this.call("/cgi-bin/qrcode/create", qrCreateBody(input));
    if (typeof res.ticket !== "string" || typeof res.url !== "string") {
      throw new WeChatApiError({
        errcode: 0,
        errmsg: "no ticket",
        kind: "other",
        message: "WeChat answered qrcode/create without ticket and url",
      });
    }
    const expireSeconds =
      input.kind === "permanent" ? null : typeof res.expire_seconds === "number" ? res.expire_seconds : input.expireSeconds!;
    return { ticket: res.ticket, url: res.url, expireSeconds };
  }

  /** tags/get: every tag of the account, with how many users carry each. */
  async getTags(): Promise<WeChatTag[]> {
    const res = await this.call("/cgi-bin/tags/get", undefined, "GET");
    if (!Array.isArray(res.tags)) throw unexpected("tags/get", "tags");
    return res.tags.map((t: unknown) => {
      const tag = t as Json;
      if (typeof tag?.id !== "number" || typeof tag.name !== "string") throw unexpected("tags/get", "tags[].id and name");
      return { id: tag.id, name: tag.name, ...(typeof tag.count === "number" ? { count: tag.count } : {}) };
    });
  }

  /** tags/create: 45157 when the name exists, 45158 too long, 45056 when the account has 100 tags. */
  async createTag(name: string): Promise<WeChatTag> {
    const res = await this.call("/cgi-bin/tags/create", { tag: { name: checkTagName(name) } });
    const tag = res.tag as Json | undefined;
    if (typeof tag?.id !== "number" || typeof tag.name !== "string") throw unexpected("tags/create", "tag.id and tag.name");
    return { id: tag.id, name: tag.name };
  }

  /** tags/members/batchtagging: at most 50 openids (WeChatInputError before any call); 45059 when one would carry > 20 tags. */
  async batchTagging(tagId: number, openids: readonly string[]): Promise<void> {
    checkTaggingBatch(tagId, openids);
    await this.call("/cgi-bin/tags/members/batchtagging", { openid_list: [...openids], tagid: tagId });
  }

  /** tags/getidlist: the ids of the tags a user carries. */
  async getUserTagIds(openid: string): Promise<number[]> {
    const res = await this.call("/cgi-bin/tags/getidlist", { openid: checkOpenid(openid) });
    const ids = res.tagid_list;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "number")) throw unexpected("tags/getidlist", "tagid_list");
    return ids as number[];
  }

  /**
   * message/custom/send: one customer-service message, inside the window the user's last
   * interaction opened (45047 when its quota is used up, 45015 once it closed, 43004 not a follower).
   */
  async sendCustomMessage(openid: string, message: CustomMessage): Promise<void> {
    await this.call("/cgi-bin/message/custom/send", customMessageBody(openid, message));
  }

  /**
   * material/add_material?type=image: a permanent image (bmp/png/jpeg/gif ≤ 10 MB, checked before
   * any call), usable as an image reply's media_id. 45034 once the account holds 100,000.
   */
  async addImageMaterial(file: ImageFile): Promise<AddedMaterial> {
    checkImageFile(file);
    const res = await this.call("/cgi-bin/material/add_material?type=image", mediaMultipart(file));
    if (typeof res.media_id !== "string" || res.media_id === "" || typeof res.url !== "string")
      throw unexpected("material/add_material", "media_id and url");
    return { mediaId: res.media_id, url: res.url };
  }

  /** Deletes one of the account's permanent material (material/del_material); false when WeChat had none by that id (40007). */
  async deleteMaterial(mediaId: string): Promise<boolean> {
    try {
      await this.call("/cgi-bin/material/del_material", { media_id: mediaId });
      return true;
    } catch (error) {
      if (error instanceof WeChatApiError && error.errcode === 40007) return false;
      throw error;
    }
  }

  /** POSTs to an access_token API: back-off while WeChat is busy, one token renewal when it is refused. */
  async call(path: string, body: unknown, method: "GET" | "POST" = "POST"): Promise<Json> {
    let token = await this.getAccessToken();
    for (let renewed = false; ; renewed = true) {
      try {
        const joined = `${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`;
        return await this.withBusyRetry(() => this.send(method, joined, body));
      } catch (err) {
        if (renewed || !(err instanceof WeChatApiError) || err.kind !== "token") throw err;
        token = await this.renewRejected(token);
      }
    }
  }

  private isFresh(t: AccessToken | null): t is AccessToken {
    return t !== null && this.now() < t.expiresAt - this.refreshAheadMs;
  }

  // force_refresh is limited to 20 a day; only spend one when the stored token is still the refused one.
  private async renewRejected(rejected: string): Promise<string> {
    const stored = await this.tokens.refresh((current) => {
      if (current === null || current.token === rejected) return this.issue(null, true);
      return this.isFresh(current) ? Promise.resolve(current) : this.issue(current, false);
    });
    return stored.token;
  }

  private async issue(current: AccessToken | null, forceRefresh: boolean): Promise<AccessToken> {
    try {
      const res = await this.withBusyRetry(() => this.requestToken(forceRefresh));
      const { access_token: token, expires_in: expiresIn } = res;
      if (typeof token !== "string" || token === "" || typeof expiresIn !== "number" || !(expiresIn > 0)) {
        throw new WeChatApiError({
          errcode: 0,
          errmsg: "no token",
          kind: "other",
          message: "WeChat answered without access_token and expires_in",
        });
      }
      return { token, expiresAt: this.now() + expiresIn * 1000 };
    } catch (err) {
      // Renewing ahead of expiry failed, but the stored token still works until it expires.
      if (current !== null && this.now() < current.expiresAt) return current;
      throw err;
    }
  }

  // stable_token is preferred (instances don't invalidate each other's tokens); an API origin
  // without it (HTTP 404, e.g. an older WeChat-compatible gateway) gets the classic cgi-bin/token.
  private async requestToken(forceRefresh: boolean): Promise<Json> {
    try {
      return await this.send("POST", "/cgi-bin/stable_token", {
        grant_type: "client_credential",
        appid: this.appId,
        secret: this.appSecret,
        force_refresh: forceRefresh,
      });
    } catch (err) {
      if (!(err instanceof WeChatApiError) || err.kind !== "network" || err.errcode !== 404) throw err;
      const query = new URLSearchParams({ grant_type: "client_credential", appid: this.appId, secret: this.appSecret });
      return this.send("GET", `/cgi-bin/token?${query}`);
    }
  }

  private async withBusyRetry(send: () => Promise<Json>): Promise<Json> {
    for (let attempt = 0; ; attempt++) {
      const res = await send();
      const errcode = res.errcode === undefined ? 0 : res.errcode;
      if (typeof errcode !== "number" || !Number.isSafeInteger(errcode)) {
        throw WeChatApiError.network("WeChat answered with an errcode that is not an integer");
      }
      if (errcode === 0) return res;
      if (errcode === -1 && attempt < this.busyRetries) {
        await this.sleep(BUSY_BACKOFF_MS * 2 ** attempt);
        continue;
      }
      throw WeChatApiError.fromErrcode(errcode, errmsgOf(errcode, res.errmsg), attempt + 1);
    }
  }

  // Errors say what happened (refused address, timeout, size, HTTP status, not JSON) and never quote
  // what the other side sent, not even the errmsg of an errcode (errmsgOf).
  private async send(method: "GET" | "POST", pathAndQuery: string, body?: unknown): Promise<Json> {
    let answer: { status: number; text: string };
    try {
      answer = await this.transport({
        method,
        url: this.base + pathAndQuery,
        ...(method !== "POST"
          ? {}
          : body instanceof EncodedBody
            ? { body: body.bytes, contentType: body.contentType }
            : { body: JSON.stringify(body) }),
        timeoutMs: body instanceof EncodedBody ? this.uploadTimeoutMs : this.timeoutMs,
        maxBytes: API_ANSWER_LIMITS.maxBytes,
      });
    } catch (err) {
      const why = err instanceof TransportError ? err.message : "the request failed";
      throw WeChatApiError.network(`could not reach WeChat at ${this.base}: ${why}`);
    }
    const { status, text } = answer;
    if (status >= 300 && status < 400) {
      throw WeChatApiError.network(
        `WeChat at ${this.base} answered HTTP ${status}, a redirect, which is not followed: the API origin must answer itself`,
        status,
      );
    }
    if (status < 200 || status >= 300) throw WeChatApiError.network(`WeChat answered HTTP ${status}`, status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw WeChatApiError.network(`WeChat answered with something that is not JSON (HTTP ${status})`, status);
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw WeChatApiError.network(`WeChat answered with unexpected JSON (HTTP ${status})`, status);
    }
    return json as Json;
  }
}
