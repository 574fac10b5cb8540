"use client";
import { useState } from "react";
import { BUSY_RETRIES } from "@/lib/client/download";

/**
 * A code's image from the server. When the server is busy rendering it answers 429 and the image
 * fails to load: it is asked for again a little later (an <img> cannot read Retry-After).
 */
export function Thumbnail({ src, className }: { src: string; className?: string }) {
  const [attempt, setAttempt] = useState(0);
  const retry = () => {
    if (attempt + 1 < BUSY_RETRIES.attempts) setTimeout(() => setAttempt((n) => n + 1), 2000 * (attempt + 1));
  };
  return (
    // eslint-disable-next-line @next/next/no-img-element -- our own API renders the image
    <img src={attempt ? `${src}&retry=${attempt}` : src} alt="" width={48} height={48} className={className} onError={retry} />
  );
}
