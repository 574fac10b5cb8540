import QRCode from "qrcode";

/**
 * A QR code as its grid of modules, quiet zone included: what the server's PNG and SVG images and
 * the browser's canvas and print sheet all draw, so every copy of a code is the same code.
 */
export type QrMatrix = { count: number; dark: (row: number, col: number) => boolean };

/** A centre logo's pad spans this share of the code's width, wherever the code is drawn. */
export const LOGO_SHARE = 0.2;

/** The modules for `content` with `margin` quiet modules around; error correction H when a logo will cover part of it. */
export function qrMatrix(content: string, margin: number, withLogo = false): QrMatrix {
  if (typeof content !== "string" || content.length === 0) throw new TypeError("QR content must be a non-empty string");
  const code = QRCode.create(content, { errorCorrectionLevel: withLogo ? "H" : "M" });
  const { size, data } = code.modules;
  return {
    count: size + 2 * margin,
    dark: (row, col) => {
      const r = row - margin;
      const c = col - margin;
      return r >= 0 && c >= 0 && r < size && c < size && data[r * size + c] === 1;
    },
  };
}

/** The dark modules as one SVG path in module units: a rectangle per horizontal run. */
export function qrPath(m: QrMatrix): string {
  let path = "";
  for (let row = 0; row < m.count; row++) {
    for (let col = 0; col < m.count; ) {
      if (!m.dark(row, col)) {
        col++;
        continue;
      }
      let end = col;
      while (end < m.count && m.dark(row, end)) end++;
      path += `M${col} ${row}h${end - col}v1h${col - end}z`;
      col = end;
    }
  }
  return path;
}
