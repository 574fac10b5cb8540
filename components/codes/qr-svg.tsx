"use client";
import { memo, useMemo } from "react";
import { LOGO_SHARE, qrMatrix, qrPath } from "@/lib/qr/matrix";

/**
 * A code drawn in the page as vector modules from its content (the ticket's url), module for
 * module what the image API renders: sharp at any size, and a list or sheet of codes asks the
 * server for no image. With `logo` (an image address) it is the code the image API draws with that
 * logo: error correction H and the logo on a white rounded pad, placed as renderQrSvg places it.
 */
export const QrSvg = memo(function QrSvg({
  content,
  margin,
  label,
  className,
  testId,
  logo,
}: {
  logo?: string | null;
  content: string;
  margin: number;
  label?: string;
  className: string;
  testId: string;
}) {
  const { count, path } = useMemo(() => {
    const m = qrMatrix(content, margin, Boolean(logo));
    return { count: m.count, path: qrPath(m) };
  }, [content, margin, logo]);
  const side = count * LOGO_SHARE;
  const start = (count - side) / 2;
  const inset = side * 0.1;
  return (
    <svg
      viewBox={`0 0 ${count} ${count}`}
      shapeRendering="crispEdges"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      className={className}
      data-testid={testId}
    >
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#000" />
      {logo && (
        <>
          <rect x={start} y={start} width={side} height={side} rx={side * 0.18} fill="#fff" />
          <image
            x={start + inset}
            y={start + inset}
            width={side - 2 * inset}
            height={side - 2 * inset}
            preserveAspectRatio="xMidYMid meet"
            href={logo}
            data-testid={`${testId}-logo`}
          />
        </>
      )}
    </svg>
  );
});
