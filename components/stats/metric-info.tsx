"use client";
import { useT } from "@/lib/i18n/client";
import type { Metric, Ratio } from "@/lib/stats/metrics";

/** A metric's one-sentence definition (the README's counting rules in the UI's words), for hover and screen readers. */
export function useMetricDefinition() {
  const t = useT();
  return (metric: Metric | Ratio) => {
    const definition = t(`stats.metric.${metric}Hint`);
    return { definition, about: t("stats.metric.about", { metric: t(`stats.metric.${metric}`), definition }) };
  };
}

/** ⓘ beside a metric's name: its definition as a tooltip and as the name screen readers hear. */
export function MetricInfo({ metric }: { metric: Metric | Ratio }) {
  const { definition, about } = useMetricDefinition()(metric);
  return (
    <span role="img" aria-label={about} title={definition} className="cursor-help text-slate-400" data-testid={`about-${metric}`}>
      ⓘ
    </span>
  );
}
