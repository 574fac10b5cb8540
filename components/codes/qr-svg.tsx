"use client";
import { memo, useMemo } from "react";
import { qrMatrix, qrPath } from "@/lib/qr/matrix";

/**
 * A code drawn in the page as vector modules from its content (the ticket's url), module for
 * module what the image API renders: sharp at any size, and a list or sheet of codes asks the
 * server for no image.
 */
export const QrSvg = memo(function QrSvg({
  content,
  margin,
  label,
  className,
  testId,
}: {
  content: string;
  margin: number;
  label?: string;
  className: string;
  testId: string;
}) {
  const { count, path } = useMemo(() => {
    const m = qrMatrix(content, margin);
    return { count: m.count, path: qrPath(m) };
  }, [content, margin]);
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
    </svg>
  );
});
