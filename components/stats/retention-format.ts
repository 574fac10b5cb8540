import type { Translate } from "@/lib/i18n/locale";
import type { Span } from "@/lib/stats/retention";

type Unit = "minutes" | "hours" | "days";

/** A retention bound in its largest whole unit. */
function inUnit(seconds: number): { n: number; unit: Unit } {
  if (seconds % 86_400 === 0) return { n: seconds / 86_400, unit: "days" };
  if (seconds % 3600 === 0) return { n: seconds / 3600, unit: "hours" };
  return { n: seconds / 60, unit: "minutes" };
}

/** A length of time after a follow: "5 分钟", "3 小时", "7 天". */
export function formatLength(seconds: number, t: Translate): string {
  const { n, unit } = inUnit(seconds);
  return t(`retention.span.${unit}`, { n });
}

/** The span the median time to unfollow falls in: "1–3 小时", "12 小时–1 天", "不到 5 分钟", "超过 365 天". */
export function formatSpan(span: Span, t: Translate): string {
  if (span.from === 0 && span.to !== null) return t("retention.span.under", { to: formatLength(span.to, t) });
  if (span.to === null) return t("retention.span.over", { from: formatLength(span.from, t) });
  const from = inUnit(span.from);
  const to = inUnit(span.to);
  if (from.unit === to.unit) return t(`retention.span.${to.unit}`, { n: `${from.n}–${to.n}` });
  return t("retention.span.between", { from: formatLength(span.from, t), to: formatLength(span.to, t) });
}
