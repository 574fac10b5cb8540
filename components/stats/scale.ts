/** Round tick values (1, 2 or 5 × 10ⁿ, never fractions: these are counts) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = Math.max(1, max - min);
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const start = Math.floor(min / step) * step;
  const end = Math.max(start + step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(v);
  return ticks;
}

/** Shortens text to fit roughly `maxWidth` px at a 12 px font (CJK characters are about twice as wide). */
export function fitText(text: string, maxWidth: number): string {
  let width = 0;
  let out = "";
  for (const ch of text) {
    const w = /[\u2E80-\uFFFF]/.test(ch) ? 12 : 7;
    if (width + w > maxWidth - 8) return `${out}…`;
    width += w;
    out += ch;
  }
  return out;
}
