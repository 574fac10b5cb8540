"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui";
import { ApiError, refusalOf } from "@/lib/client/api";
import { fileNameFromDisposition, saveBlob } from "@/lib/client/download";
import { useLocale, useT } from "@/lib/i18n/client";
import { CsvRecordCounter } from "./csv-rows";
import { intlLocale } from "./format";

type Phase =
  | { state: "idle" }
  | { state: "running"; rows: number; total: number | null; started: boolean }
  | { state: "done"; rows: number; name: string }
  | { state: "cancelled" }
  | { state: "error"; message: string };

/** Progress is shown at most this often: a million rows arrive in thousands of chunks. */
const REDRAW_MS = 100;

/**
 * The raw events CSV, downloaded with progress: the rows received are counted against the server's
 * X-Total-Rows, the download can be cancelled, a failure can be retried, and the finished file is
 * saved under the server's file name.
 */
export function EventsExport({ href, className }: { href: string; className: string }) {
  const t = useT();
  const locale = useLocale();
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const number = new Intl.NumberFormat(intlLocale(locale));
  const percent = new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 });

  async function start() {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setPhase({ state: "running", rows: 0, total: null, started: false });
    try {
      const res = await fetch(href, { signal: controller.signal });
      if (!res.ok || !res.body) throw await refusalOf(res);
      const header = res.headers.get("x-total-rows");
      const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
      const name = fileNameFromDisposition(res.headers.get("content-disposition"), "qudao-events.csv");
      setPhase({ state: "running", rows: 0, total, started: true });

      const counter = new CsvRecordCounter();
      const chunks: Uint8Array[] = [];
      const reader = res.body.getReader();
      let drawn = performance.now();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        counter.push(value);
        const now = performance.now();
        if (now - drawn >= REDRAW_MS) {
          drawn = now;
          setPhase({ state: "running", rows: counter.rows, total, started: true });
        }
      }
      saveBlob(new Blob(chunks as BlobPart[], { type: "text/csv;charset=utf-8" }), name);
      setPhase({ state: "done", rows: counter.rows, name });
    } catch (error) {
      if (controller.signal.aborted) return; // cancelled (or replaced by a new export)
      setPhase({ state: "error", message: error instanceof ApiError ? error.message : t("stats.exportEvents.interrupted") });
    } finally {
      if (running.current === controller) running.current = null;
    }
  }

  function cancel() {
    running.current?.abort();
    running.current = null;
    setPhase({ state: "cancelled" });
  }

  if (phase.state === "running") {
    const shownTotal = phase.total === null ? null : Math.max(phase.total, phase.rows);
    const share = shownTotal ? Math.min(1, phase.rows / shownTotal) : phase.started && shownTotal === 0 ? 1 : 0;
    const text = !phase.started
      ? t("stats.exportEvents.preparing")
      : shownTotal === null
        ? t("stats.exportEvents.progressUnknown", { rows: number.format(phase.rows) })
        : t("stats.exportEvents.progress", { rows: number.format(phase.rows), total: number.format(shownTotal) });
    return (
      <div className="flex min-w-64 items-center gap-2" data-testid="export-events-progress" aria-live="polite">
        <div className="flex-1">
          <div
            className="h-2 w-full overflow-hidden rounded bg-slate-200"
            role="progressbar"
            aria-label={t("stats.exportEvents.label")}
            aria-valuemin={0}
            aria-valuemax={shownTotal ?? undefined}
            aria-valuenow={shownTotal === null ? undefined : phase.rows}
            aria-valuetext={text}
          >
            <div
              className={`h-full bg-emerald-500 transition-all ${phase.started ? "" : "animate-pulse"}`}
              style={{ width: `${phase.started ? share * 100 : 100}%` }}
            />
          </div>
          <p className="mt-1 flex justify-between gap-2 text-xs text-slate-600">
            <span data-testid="export-events-count">{text}</span>
            {phase.started && shownTotal !== null && <span className="tabular-nums">{percent.format(share)}</span>}
          </p>
        </div>
        <Button type="button" variant="secondary" onClick={cancel} data-testid="export-events-cancel">
          {t("stats.exportEvents.cancel")}
        </Button>
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {phase.state === "error" ? (
        <div
          className="flex items-center gap-2 rounded-md border border-rose-200 bg-rose-50 px-2 py-1 text-xs text-rose-800"
          role="alert"
          data-testid="export-events-error"
        >
          <span>{t("stats.exportEvents.failed", { message: phase.message })}</span>
          <Button type="button" variant="secondary" onClick={start} data-testid="export-events-retry">
            {t("stats.exportEvents.retry")}
          </Button>
        </div>
      ) : (
        <button type="button" className={className} onClick={start} data-testid="export-events">
          {t("stats.export.events")}
        </button>
      )}
      {phase.state === "done" && (
        <span className="text-xs text-emerald-700" role="status" data-testid="export-events-status">
          {t("stats.exportEvents.done", { rows: number.format(phase.rows) })}
        </span>
      )}
      {phase.state === "cancelled" && (
        <span className="text-xs text-slate-500" role="status" data-testid="export-events-status">
          {t("stats.exportEvents.cancelled")}
        </span>
      )}
    </div>
  );
}
