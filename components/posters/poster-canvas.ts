import { drawQrCode } from "@/components/codes/qr-canvas";
import { POSTER_LIMITS } from "@/lib/limits";
import { captionFont, captionLine, type CaptionValues, type PosterLayout } from "@/lib/posters/layout";

/** The server draws captions in WenQuanYi Zen Hei; the browser uses it when it has it, else a CJK font of its own. */
const PREVIEW_FAMILY = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** The poster as the server draws it (lib/posters/render.ts), on a canvas of the background's size. */
export function drawPosterPreview(
  canvas: HTMLCanvasElement,
  background: HTMLImageElement,
  layout: PosterLayout,
  url: string,
  values: CaptionValues,
): void {
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.drawImage(background, 0, 0, layout.width, layout.height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(drawQrCode(url, { size: layout.qrSize, margin: POSTER_LIMITS.qrMargin }), layout.qrX, layout.qrY);
  ctx.font = captionFont(layout.captionSize, PREVIEW_FAMILY);
  ctx.fillStyle = layout.captionColor;
  ctx.textAlign = layout.captionAlign;
  ctx.textBaseline = "top";
  const line = captionLine(layout, values, (s) => ctx.measureText(s).width);
  if (line.text) ctx.fillText(line.text, line.x, line.y);
}

/** Where a pointer on the shown canvas is in background pixels. */
export function canvasPoint(canvas: HTMLCanvasElement, event: { clientX: number; clientY: number }) {
  const box = canvas.getBoundingClientRect();
  return {
    x: ((event.clientX - box.left) * canvas.width) / box.width,
    y: ((event.clientY - box.top) * canvas.height) / box.height,
  };
}
