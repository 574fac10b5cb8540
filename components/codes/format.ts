import { DEFAULT_EXPIRE_SECONDS, QR_IMAGE_LIMITS } from "@/lib/limits";
import { QR_RULES } from "@/lib/wechat/limits";
import type { QrCodeView } from "@/lib/db/qrcodes";
import type { LogoInfo } from "@/lib/db/logos";
import type { Translate } from "@/lib/i18n/locale";

/** What the list and detail pages receive from the API (QrCodeView serialised). */
/** `logo`: its effective logo, as GET /api/qrcodes/{id} says (null: none); other answers leave it out. */
export type QrCode = QrCodeView & { logo?: LogoInfo | null };

/** What a cell of the print sheet shows: all the page sends to the browser, so a sheet of 1,000 stays light. */
export type PrintCode = Pick<
  QrCode,
  "id" | "name" | "channel" | "campaign" | "sceneId" | "sceneStr" | "url" | "expiresAt" | "status"
> & {
  /** Its effective logo's address (own or its campaign's), null without one. */
  logo: string | null;
};

export const toPrintCode = ({ id, name, channel, campaign, sceneId, sceneStr, url, expiresAt, status }: QrCode): PrintCode => ({
  id,
  name,
  channel,
  campaign,
  sceneId,
  sceneStr,
  url,
  expiresAt,
  status,
  logo: null,
});

const DAY = 86_400;

/** Validity choices as channel-QR products offer them; "permanent" switches the kind. */
export const VALIDITY_PRESETS = [
  { key: "1d", seconds: DAY },
  { key: "3d", seconds: 3 * DAY },
  { key: "7d", seconds: 7 * DAY },
  { key: "30d", seconds: QR_RULES.expireSeconds.max },
  { key: "custom", seconds: null },
  { key: "permanent", seconds: null },
] as const;
export type ValidityKey = (typeof VALIDITY_PRESETS)[number]["key"];
export type Validity = { preset: ValidityKey; customSeconds: string };

export const DEFAULT_VALIDITY: Validity = { preset: "30d", customSeconds: "" };

/** The kind and expireSeconds a validity choice stands for; a bad custom value stays NaN so the schema names it. */
export function validityToInput(v: Validity): { kind: "temporary" | "permanent"; expireSeconds?: number } {
  if (v.preset === "permanent") return { kind: "permanent" };
  if (v.preset === "custom") {
    const text = v.customSeconds.trim();
    return { kind: "temporary", expireSeconds: text === "" || !/^\d+$/.test(text) ? Number.NaN : Number(text) };
  }
  const preset = VALIDITY_PRESETS.find((p) => p.key === v.preset);
  return { kind: "temporary", expireSeconds: preset?.seconds ?? DEFAULT_EXPIRE_SECONDS };
}

/** WeChat's own download table: side length in cm → pixels and the distance it scans from. */
export const PRINT_SIZES = [
  { px: 258, cm: 8, metres: 0.5 },
  { px: 344, cm: 12, metres: 0.8 },
  { px: 430, cm: 15, metres: 1 },
  { px: 860, cm: 30, metres: 1.5 },
  { px: 1280, cm: 50, metres: 2.5 },
] as const;

/** "2 days 3 hours" style, for custom expiry seconds and remaining time. */
export function humanDuration(seconds: number, t: Translate): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "";
  const days = Math.floor(seconds / DAY);
  const hours = Math.floor((seconds % DAY) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (days) parts.push(t("codes.duration.days", { n: days }));
  if (hours) parts.push(t("codes.duration.hours", { n: hours }));
  if (minutes && !days) parts.push(t("codes.duration.minutes", { n: minutes }));
  return parts.join(" ") || t("codes.duration.minutes", { n: 1 });
}

export type StatusInfo = {
  tone: "green" | "amber" | "rose" | "blue" | "slate";
  label: string;
  detail?: string;
};

/** Active/expired as a badge; temporary codes also say how long they have left. */
export function statusInfo(code: Pick<QrCode, "kind" | "status" | "expiresAt">, t: Translate, now = Date.now()): StatusInfo {
  if (code.status === "expired") return { tone: "rose", label: t("codes.status.expired") };
  if (code.kind === "permanent" || !code.expiresAt) return { tone: "green", label: t("codes.status.permanent") };
  const left = (Date.parse(code.expiresAt) - now) / 1000;
  if (left <= 0) return { tone: "rose", label: t("codes.status.expired") };
  const detail =
    left >= DAY
      ? t("codes.status.expiresInDays", { n: Math.ceil(left / DAY) })
      : left >= 3600
        ? t("codes.status.expiresInHours", { n: Math.ceil(left / 3600) })
        : t("codes.status.expiresInMinutes", { n: Math.max(1, Math.ceil(left / 60)) });
  return { tone: left < 3 * DAY ? "amber" : "green", label: t("codes.status.active"), detail };
}

export function sceneOf(code: Pick<QrCode, "sceneId" | "sceneStr">): string {
  return code.sceneId !== null ? String(code.sceneId) : (code.sceneStr ?? "");
}

export function formatDate(iso: string | null, locale: string, withTime = true): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-US", {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
  }).format(new Date(iso));
}

/** Thumbnails change with the ticket (renewal), so the url's tail busts the image cache. */
export function imagePath(
  code: Pick<QrCode, "id" | "url">,
  opts: { size: number; margin?: number; format?: "png" | "svg" },
): string {
  const margin = String(opts.margin ?? QR_IMAGE_LIMITS.margin.default);
  const params = new URLSearchParams({ format: opts.format ?? "png", size: String(opts.size), margin });
  if (code.url) params.set("v", code.url.slice(-10));
  return `/api/qrcodes/${code.id}/image?${params}`;
}

export function zipPath(ids: number[], size: number): string {
  return `/api/qrcodes/zip?ids=${ids.join(",")}&size=${size}`;
}

export function printPath(ids: number[]): string {
  return `/codes/print?ids=${ids.join(",")}`;
}
