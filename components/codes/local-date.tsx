"use client";
import { useSyncExternalStore } from "react";
import { formatDate } from "./format";

const never = () => () => {};

/**
 * A date in the reader's own time zone. The server does not know that zone, so a server-rendered
 * page shows nothing here until the browser has drawn it.
 */
export function LocalDate({
  iso,
  locale,
  withTime = true,
  render = (date) => date,
}: {
  iso: string | null;
  locale: string;
  withTime?: boolean;
  /** The text around the date, e.g. a translated "valid until {date}". */
  render?: (date: string) => string;
}) {
  const inBrowser = useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
  return <>{inBrowser ? render(formatDate(iso, locale, withTime)) : ""}</>;
}
