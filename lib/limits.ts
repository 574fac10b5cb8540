import { QR_RULES } from "./wechat/limits";

// Our own product rules, each stated once, for the API's schemas and the dashboard's forms alike.
// WeChat's rules are lib/wechat/limits.ts. The browser bundle imports this file: nothing server-only.

/**
 * The days the product knows: no WeChat event is older (the webhook refuses earlier CreateTimes),
 * and PostgreSQL's dates and time-zone arithmetic hold well inside. Stats, series and exports are asked within it.
 */
export const CALENDAR = { firstDay: "2000-01-01", lastDay: "2099-12-31" } as const;

/** Names of codes, channels, campaigns, accounts, users and API tokens. */
export const NAME_MAX_CHARS = 100;

/** The management pages count scans and new follows per channel and campaign over this many recent days. */
export const GROUP_RECENT_DAYS = 30;

/** A code's or a campaign's note (what it is for, who runs it). */
export const NOTE_MAX_CHARS = 1000;

/** Codes one bulk action (POST /api/qrcodes/bulk) may name: a page of the list at most. */
export const BULK_MAX_CODES = 200;

export const EMAIL_MAX_CHARS = 254;
/** Something before and after one @, no spaces: the mailbox itself proves the rest. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** scrypt's cost does not grow with the input, but nobody needs a longer password than the max. */
export const PASSWORD_LIMITS = { min: 10, max: 1024 } as const;

/** A temporary code without a chosen lifetime lives as long as WeChat allows. */
export const DEFAULT_EXPIRE_SECONDS = QR_RULES.expireSeconds.max;

/** Scan-to-follow sign-in (POST/GET /api/bindings): a short-lived code, the caller's state, a bounded wait. */
export const BINDING_LIMITS = {
  /** WeChat's shortest temporary code up to half an hour: a sign-in page is not left open longer. */
  expireSeconds: { min: QR_RULES.expireSeconds.min, max: 1800, default: 300 },
  stateMaxChars: 128,
  /** GET /api/bindings/{id}?wait=N */
  waitSeconds: { max: 60 },
  /** A resolution not collected this long after its code expired is no longer handed out. */
  collectGraceSeconds: 600,
} as const;

/** GET /api/qrcodes pages. */
export const QR_LIST_PAGE_SIZE = { max: 200, default: 50 } as const;

/** Images the server renders (GET/POST /api/qrcodes/{id}/image and the ZIP). */
export const QR_IMAGE_LIMITS = {
  size: { min: 64, max: 2048, default: 430 },
  margin: { min: 0, max: 10, default: 2 },
  /** The centre logo POSTed as a PNG. */
  logoBytes: 512 * 1024,
  /** Its declared width × height, checked before decoding: a few bytes of PNG can declare gigabytes of pixels. */
  logoPixels: 2048 * 2048,
} as const;

/** A logo the browser draws into its own preview and PNG download (never uploaded). */
export const PREVIEW_LOGO_MAX_BYTES = 2 * 1024 * 1024;

export const ARCHIVE_LIMITS = {
  /** Codes in one ZIP download (and so in one batch or print sheet). */
  maxCodes: 1000,
  /** Rendering is CPU work holding one render slot (498 codes at 632 px, 199 M pixels, took ~6 s
   *  here): past this many pixels, ask for fewer codes or a smaller size. 1,000 codes fit at 430 px. */
  maxTotalPixels: 200_000_000,
} as const;

/** A CSV or text file imported into the batch form. */
export const BATCH_FILE_MAX_BYTES = 1024 * 1024;

/** The openid a test scan or test follow pretends to be. */
export const TEST_OPENID_MAX_CHARS = 64;

/** An account's own WeChat API origin. */
export const API_BASE_MAX_CHARS = 300;

/** A JSON request body to the API. */
export const JSON_BODY_MAX_BYTES = 256 * 1024;

/** A sign-in or sign-out form posted to next-auth (e-mail, password, CSRF token, callback URL). */
export const AUTH_BODY_MAX_BYTES = 16 * 1024;

/**
 * Live codes (活码): a stable public page /q/{slug} and image /q/{slug}/image.png that always show a
 * valid temporary code of the channel (lib/qrcodes/live.ts).
 */
export const LIVE_CODE_RULES = {
  /** Lowercase letters, digits and hyphens: it is part of a URL people type and print. */
  slug: { pattern: /^[a-z0-9-]+$/, minChars: 3, maxChars: 64, generatedChars: 10 },
  /** The shared ticket's lifetime: WeChat's longest, so a renewal is needed once a month at most. */
  ticketSeconds: QR_RULES.expireSeconds.max,
  /**
   * The first visit this close to the shared ticket's expiry renews it, so every code the page or
   * image shows stays scannable at least this long after it was shown (cached images included).
   */
  renewalMarginSeconds: 2 * 86400,
  /** A per-visitor ticket: long enough to scan what the page shows; the page reloads before it ends. */
  visitorTicketSeconds: 30 * 60,
  /** Per-visitor tickets one client address may draw per minute (each one is a WeChat API call). */
  visitorTicketsPerMinute: 20,
} as const;

/** Keyword replies (关键词回复): rules per account, keywords per rule, characters per keyword (after trimming). */
export const KEYWORD_LIMITS = { rulesPerAccount: 200, keywordsPerRule: 10, keywordChars: 30 } as const;

/** Event forwarding (lib/forwarding/): outbound webhooks an admin registers. */
export const FORWARD_RULES = {
  maxEndpoints: 20,
  urlMaxChars: 2000,
  descriptionMaxChars: 100,
  /** Codes and channels an endpoint's filter may name, each. */
  filterMaxIds: 200,
  /** Delivery attempts the log shows per endpoint. */
  logEntries: 100,
} as const;

/** Reply images (lib/db/reply-images.ts): the library lists this many, newest first; names kept this long. */
export const REPLY_IMAGE_LIMITS = { listed: 200, fileNameChars: 200 } as const;
/** Poster templates (/posters): a background image with the code and a caption drawn on it (lib/posters/). */
export const POSTER_LIMITS = {
  backgroundBytes: 5 * 1024 * 1024,
  backgroundTypes: ["image/png", "image/jpeg"],
  /** The background's width and height, each, in pixels. */
  backgroundSide: { min: 200, max: 4096 },
  /** The code's side in background pixels; the largest code the renderer draws (QR_IMAGE_LIMITS.size). */
  qrSize: { min: 100, max: QR_IMAGE_LIMITS.size.max },
  /** Quiet modules around the code, so it scans on any background. */
  qrMargin: QR_IMAGE_LIMITS.margin.default,
  captionMaxChars: 200,
  captionSize: { min: 8, max: 400 },
  /** The caption's fields: each filled per code. */
  captionFields: ["channel", "name", "campaign"],
  /** Templates per account. */
  perAccount: 100,
} as const;
