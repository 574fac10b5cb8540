import { PNG } from "pngjs";

/** A real PNG of width × height, each pixel `rgba`. */
export function pngOf(width: number, height: number, rgba: [number, number, number, number] = [220, 38, 38, 255]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

/** A file that starts like a PNG and is `size` bytes long (too large to be a WeChat image past 10 MB). */
export function pngSized(size: number): Buffer {
  const head = pngOf(1, 1);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length))]);
}

/** A multipart body with one file part `field` (what a browser's FormData sends). */
export function formWith(field: string, bytes: Uint8Array, fileName: string, type = "application/octet-stream"): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), fileName);
  return form;
}
