// WeChat's own rules (SPEC §3), each stated once: the API client checks input against them, the
// sandbox enforces them as WeChat's servers do, and the dashboard's schemas and forms derive from
// them. Our own product choices are lib/limits.ts. No imports: the browser bundle loads this file.

/** qrcode/create */
export const QR_RULES = {
  /** Temporary codes live 60 s … 30 days; without expire_seconds WeChat makes it 60 s. */
  expireSeconds: { min: 60, max: 2_592_000, default: 60 },
  /** 32-bit, non-zero, positive (stored as int64). */
  temporarySceneId: { min: 1, max: 4_294_967_295 },
  permanentSceneId: { min: 1, max: 100_000 },
  /** Characters (code points), not bytes or UTF-16 units. */
  sceneStrChars: { min: 1, max: 64 },
  /** Permanent codes per account, never deletable at WeChat. */
  permanentQuota: 100_000,
} as const;

/** A passive reply: text, an image by media_id, or news with one article. */
export const REPLY_RULES = {
  textChars: 2048,
  mediaIdChars: 128,
  newsTitleChars: 64,
  newsDescriptionChars: 512,
  /** The article's link and picture addresses. */
  newsUrlChars: 1024,
} as const;

/** 服务器配置: the Token is 3–32 letters or digits, the EncodingAESKey exactly 43 letters or digits. */
export const SERVER_CONFIG_RULES = {
  tokenChars: { min: 3, max: 32 },
  encodingAesKeyChars: 43,
  /** WeChat calls the URL only on the default ports: http on 80, https on 443. */
  ports: { "http:": 80, "https:": 443 },
} as const;

/** Access tokens from cgi-bin/token and cgi-bin/stable_token. */
export const ACCESS_TOKEN_RULES = {
  ttlSeconds: 7200,
  /** cgi-bin/token: the previous token stays usable this long after a new one is issued. */
  overlapSeconds: 300,
  /** stable_token normal mode hands out a new token once the current one has less than this left. */
  stableRenewBeforeSeconds: 300,
  forceRefreshPerDay: 20,
  forceRefreshGapSeconds: 30,
} as const;

/** Pushes to the webhook: WeChat waits this long for the answer, then retries, this many attempts in all. */
export const PUSH_RULES = { replyDeadlineMs: 5000, attempts: 3 } as const;

/**
 * What a push may be for this library to read it: its size, and how far its timestamp may be from
 * now (WeChat's retries come within ~20 s; the window is configurable, WEBHOOK_MAX_SKEW_SECONDS).
 */
/**
 * What a push may be. WeChat's own have a few dozen tags at most (a picture event lists up to 9
 * items); a body of thousands costs the parser tens of milliseconds of blocked event loop for nothing.
 */
export const PUSH_ACCEPTANCE = { maxBytes: 64 * 1024, maxTags: 512, maxSkewSeconds: 600 } as const;

/**
 * What the API client waits for and reads of one answer. WeChat's largest JSON answers (a page of
 * 10,000 openids from user/get) are about 350 KB; the ones read today (tokens, qrcode/create) under 1 KB.
 */
export const API_ANSWER_LIMITS = {
  maxBytes: 1024 * 1024,
  timeoutMs: 10_000,
  /** An upload (material/add_material, up to 10 MB) must first travel: 60 s is 10 MB at about 1.4 Mbit/s. */
  uploadTimeoutMs: 60_000,
} as const;

/** User tags (tags/create, tags/members/batchtagging, tags/getidlist). */
export const TAG_RULES = {
  /** A tag name is at most 30 bytes of UTF-8 (10 Chinese characters). */
  nameBytes: 30,
  /** Tags an account may create (WeChat's own system tags not counted). */
  perAccount: 100,
  /** Tags one user may carry. */
  perUser: 20,
  /** Openids per batchtagging call. */
  openidsPerBatch: 50,
} as const;

/**
 * Customer-service messages (message/custom/send) are allowed only inside a window a follower's
 * interaction opens: after a scan or follow, 3 messages within 60 s (the passive reply counts as
 * one); after a message from the follower, 20 within 48 hours.
 */
export const CUSTOM_MESSAGE_RULES = {
  eventWindowSeconds: 60,
  eventWindowMessages: 3,
  messageWindowSeconds: 48 * 3600,
  messageWindowMessages: 20,
  /** text.content, as a passive reply's. */
  textChars: 2048,
  mediaIdChars: 128,
  /** One article per news message since 2018. */
  newsArticles: 1,
  newsTitleChars: 64,
  newsDescriptionChars: 512,
  newsUrlChars: 1024,
  miniProgramTitleChars: 64,
  miniProgramPagePathChars: 1024,
} as const;

/**
 * Permanent material (material/add_material), as developers.weixin.qq.com states it: an image is
 * bmp/png/jpeg/jpg/gif of at most 10 MB; an account keeps at most 100,000 images (and news), 1,000
 * of each other type. The format is the file's own bytes, not its name.
 */
export const MATERIAL_RULES = {
  types: ["image", "voice", "video", "thumb"],
  imageMaxBytes: 10 * 1024 * 1024,
  /** The most of an upload body read: a 10 MB image and its multipart envelope. */
  uploadMaxBytes: 10 * 1024 * 1024 + 64 * 1024,
  imageFormats: ["bmp", "png", "jpeg", "gif"],
  /** File name endings WeChat names for images (jpg is jpeg). */
  imageExtensions: ["bmp", "png", "jpeg", "jpg", "gif"],
  imageCount: 100_000,
  otherCount: 1_000,
} as const;
