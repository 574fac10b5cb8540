"use client";
import { useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import type { WeekHours } from "@/lib/db/stats-heatmap";
import { formatCount, intlLocale } from "./format";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const; // ISO: Monday first
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const LEGEND = [0, 0.25, 0.5, 0.75, 1];

const hourText = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** A cell's colour: empty cells grey, the rest emerald, stronger with more scans (square root, so a few still show). */
export function heatColor(scans: number, max: number): string {
  if (scans <= 0 || max <= 0) return "#f1f5f9";
  return `rgba(5, 150, 105, ${(0.15 + 0.85 * Math.sqrt(scans / max)).toFixed(3)})`;
}

type Cell = { day: number; hour: number };

/**
 * Scans per weekday and hour of day as a 7 × 24 grid in the account's zone. Pointing at a cell, or
 * tapping or focusing it (arrow keys move), tells its count below the grid; it scrolls within its
 * box on narrow screens.
 */
export function ScanHeatmap({ scans, timeZone, label }: { scans: WeekHours; timeZone: string; label: string }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const [active, setActive] = useState<Cell | null>(null);
  const [focus, setFocus] = useState<Cell>({ day: 0, hour: 0 });
  const max = Math.max(0, ...scans.flat());
  const total = scans.flat().reduce((a, b) => a + b, 0);

  const describe = ({ day, hour }: Cell) =>
    t("stats.heatmap.cell", {
      weekday: t(`stats.weekday.${WEEKDAYS[day]}`),
      from: hourText(hour),
      to: hourText(hour + 1),
      n: formatCount(scans[day][hour], locale),
    });

  if (total === 0)
    return (
      <p className="rounded-md bg-slate-50 px-3 py-6 text-center text-sm text-slate-500" data-testid="heatmap-empty">
        {t("stats.heatmap.empty")}
      </p>
    );

  const move = (event: React.KeyboardEvent, { day, hour }: Cell) => {
    const step: Record<string, Cell> = {
      ArrowLeft: { day, hour: Math.max(0, hour - 1) },
      ArrowRight: { day, hour: Math.min(23, hour + 1) },
      ArrowUp: { day: Math.max(0, day - 1), hour },
      ArrowDown: { day: Math.min(6, day + 1), hour },
    };
    const next = step[event.key];
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    setActive(next);
    document.getElementById(`heat-${next.day}-${next.hour}`)?.focus();
  };

  return (
    <div data-testid="heatmap">
      <p className="mb-2 text-xs text-slate-500">{t("stats.heatmap.hint", { tz: timeZone })}</p>
      <div className="relative overflow-x-auto pb-1">
        <table className="w-full min-w-[600px] table-fixed border-separate border-spacing-0.5" aria-label={label}>
          <thead>
            <tr>
              <th className="w-10" scope="col">
                <span className="sr-only">{t("stats.heatmap.hour")}</span>
              </th>
              {HOURS.map((h) => (
                <th key={h} scope="col" className="text-center text-[10px] font-normal text-slate-500">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody onMouseLeave={() => setActive(null)}>
            {WEEKDAYS.map((weekday, day) => (
              <tr key={weekday} data-weekday={weekday}>
                <th scope="row" className="pr-1 text-left text-xs font-normal whitespace-nowrap text-slate-600">
                  {t(`stats.weekday.${weekday}`)}
                </th>
                {HOURS.map((hour) => {
                  const cell = { day, hour };
                  const text = describe(cell);
                  const on = active?.day === day && active.hour === hour;
                  return (
                    <td key={hour} className="p-0">
                      <button
                        type="button"
                        id={`heat-${day}-${hour}`}
                        tabIndex={focus.day === day && focus.hour === hour ? 0 : -1}
                        aria-label={text}
                        title={text}
                        data-scans={scans[day][hour]}
                        className={`block h-6 w-full rounded-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 ${on ? "ring-2 ring-slate-700" : ""}`}
                        style={{ background: heatColor(scans[day][hour], max) }}
                        onMouseEnter={() => setActive(cell)}
                        onFocus={() => {
                          setFocus(cell);
                          setActive(cell);
                        }}
                        onClick={() => setActive(cell)}
                        onKeyDown={(event) => move(event, cell)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <p aria-live="polite" className="min-h-4 font-medium text-slate-800" data-testid="heatmap-detail">
          {active ? describe(active) : ""}
        </p>
        <span className="flex items-center gap-1" aria-hidden="true">
          {t("stats.heatmap.less")}
          {LEGEND.map((share) => (
            <span key={share} className="inline-block h-3 w-3 rounded-sm" style={{ background: heatColor(share * max, max) }} />
          ))}
          {t("stats.heatmap.more")}
        </span>
      </div>
    </div>
  );
}
