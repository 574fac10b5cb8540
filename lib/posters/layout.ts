import { POSTER_LIMITS } from "@/lib/limits";

// Where a poster's parts go, shared by the server's renderer and the browser's live preview so both
// draw the same poster. Pure: no canvas here, text is measured by the caller's `measure`.

export type CaptionAlign = "left" | "center" | "right";

export const CAPTION_ALIGNS: readonly CaptionAlign[] = ["left", "center", "right"];

/** A template's placement, in background pixels. The caption's y is the top of its line. */
export type PosterLayout = {
  width: number;
  height: number;
  qrX: number;
  qrY: number;
  qrSize: number;
  captionText: string;
  captionX: number;
  captionY: number;
  captionSize: number;
  /** #rrggbb */
  captionColor: string;
  captionAlign: CaptionAlign;
};

export type CaptionValues = { channel: string; name: string; campaign: string | null };

export const ELLIPSIS = "…";

/** The caption for one code: `{channel}`, `{name}` and `{campaign}` replaced; other braces stay as written. */
export function fillCaption(template: string, values: CaptionValues): string {
  return template.replace(/\{(channel|name|campaign)\}/g, (_, field: keyof CaptionValues) => values[field] ?? "");
}

export type LayoutProblem = { field: "qrSize" | "qrX" | "qrY" | "captionX" | "captionY"; message: string };

/** Why the code or the caption's anchor does not lie on the background, or null when they do. */
export function placementProblem(
  layout: Pick<PosterLayout, "width" | "height" | "qrX" | "qrY" | "qrSize" | "captionX" | "captionY">,
): LayoutProblem | null {
  const { width, height, qrX, qrY, qrSize } = layout;
  const where = `the code (${qrSize} px at ${qrX}, ${qrY}) must lie inside the ${width}×${height} background`;
  if (qrSize < POSTER_LIMITS.qrSize.min)
    return { field: "qrSize", message: `the code must be at least ${POSTER_LIMITS.qrSize.min} px` };
  if (qrSize > Math.min(width, height)) return { field: "qrSize", message: where };
  if (qrX < 0 || qrX + qrSize > width) return { field: "qrX", message: where };
  if (qrY < 0 || qrY + qrSize > height) return { field: "qrY", message: where };
  if (layout.captionX < 0 || layout.captionX > width)
    return { field: "captionX", message: `the caption must start on the ${width} px wide background` };
  if (layout.captionY < 0 || layout.captionY >= height)
    return { field: "captionY", message: `the caption must start on the ${height} px high background` };
  return null;
}

/** The widest the caption may be from its anchor without leaving the poster. */
export function captionRoom(layout: Pick<PosterLayout, "width" | "captionX" | "captionAlign">): number {
  const x = Math.min(Math.max(layout.captionX, 0), layout.width);
  if (layout.captionAlign === "left") return layout.width - x;
  if (layout.captionAlign === "right") return x;
  return 2 * Math.min(x, layout.width - x);
}

/** `text` as it fits in `room` px: whole, or cut at a character and ended with "…" (nothing when not even that fits). */
export function fitCaption(text: string, room: number, measure: (s: string) => number): string {
  if (measure(text) <= room) return text;
  const chars = Array.from(text);
  // the longest prefix whose "prefix…" fits
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(chars.slice(0, mid).join("") + ELLIPSIS) <= room) low = mid;
    else high = mid - 1;
  }
  const cut = chars.slice(0, low).join("").trimEnd();
  if (cut === "" && measure(ELLIPSIS) > room) return "";
  return cut + ELLIPSIS;
}

/** The caption line to draw for one code: its text fitted to the poster, and where it goes. */
export function captionLine(
  layout: PosterLayout,
  values: CaptionValues,
  measure: (s: string) => number,
): { text: string; x: number; y: number } {
  const text = fitCaption(fillCaption(layout.captionText, values).replace(/\s+/g, " ").trim(), captionRoom(layout), measure);
  return { text, x: layout.captionX, y: layout.captionY };
}

/** The CSS font of a caption of `size` px in `family`. */
export const captionFont = (size: number, family: string) => `${size}px ${family}`;
