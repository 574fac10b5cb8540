import type { Locale, Translate } from "@/lib/i18n/locale";

// The public page of a live code (/q/{slug}): plain HTML without the dashboard, scripts or styles
// from elsewhere, readable on a phone; it reloads itself (a meta refresh, so no script is needed)
// before the code it shows stops being valid.

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;color:#0f172a;
    font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Segoe UI",sans-serif}
  main{width:100%;max-width:420px;margin:16px;padding:28px 24px;background:#fff;border-radius:16px;text-align:center;
    box-shadow:0 1px 3px rgba(15,23,42,.12)}
  img{display:block;width:100%;max-width:300px;height:auto;margin:0 auto;image-rendering:pixelated}
  h1{font-size:20px;margin:16px 0 8px}
  p{margin:0;color:#475569;font-size:15px;line-height:1.5}`;

type Page = { locale: Locale; title: string; body: string; reloadSeconds?: number };

function page({ locale, title, body, reloadSeconds }: Page): string {
  const reload =
    reloadSeconds === undefined ? "" : `<meta http-equiv="refresh" content="${Math.max(1, Math.ceil(reloadSeconds))}">`;
  return `<!doctype html>
<html lang="${locale === "zh" ? "zh-CN" : "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${reload}
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

/** The code to scan: `imageSrc` is the image URL (shared ticket) or a data: URL (a ticket drawn for this visit). */
export function liveCodeHtml(opts: {
  t: Translate;
  locale: Locale;
  accountName: string;
  imageSrc: string;
  reloadSeconds: number;
}) {
  const { t, locale, accountName, imageSrc, reloadSeconds } = opts;
  const heading = accountName ? t("live.page.follow", { account: accountName }) : t("live.page.scan");
  return page({
    locale,
    title: heading,
    reloadSeconds,
    body: `<img data-testid="live-code" src="${escapeHtml(imageSrc)}" alt="${escapeHtml(t("live.page.alt"))}" width="300" height="300">
<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(t("live.page.hint"))}</p>`,
  });
}

/** Not found, too many codes from one address, WeChat unreachable: what happened and what to do. */
export function liveNoticeHtml(opts: { locale: Locale; title: string; message: string; reloadSeconds?: number }) {
  const { locale, title, message, reloadSeconds } = opts;
  return page({
    locale,
    title,
    reloadSeconds,
    body: `<h1 data-testid="live-notice">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`,
  });
}
