import { z } from "zod";
import { CALENDAR } from "@/lib/limits";

// What any client input must be before it may reach PostgreSQL, stated once: the API's readers
// (lib/api/handler.ts) refuse it for every route, and the schemas here and in the other
// lib/validation files for every form and page that parses input on its own.

/** PostgreSQL's text cannot hold U+0000; nothing a person types contains it. */
export const NUL_MESSAGE = "must not contain the NUL character (U+0000)";

export const hasNul = (value: string) => value.includes("\u0000");

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

const pathOf = (visit: Visit) => {
  const keys: (string | number)[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".");
};

/**
 * The path ("reply.content", "items.0", a query parameter's name) of a string in `value`, key or
 * value, that holds a NUL; "" for the value itself; null when there is none. Walked with its own
 * stack, not recursion: a body may nest 30,000 levels deep.
 */
export function nulPath(value: unknown): string | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === "string") {
      if (hasNul(current)) return pathOf(visit);
    } else if (current !== null && typeof current === "object") {
      const entries: [string | number, unknown][] = Array.isArray(current)
        ? current.map((item, index) => [index, item])
        : Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        const child = { value: item, key, parent: visit };
        if (typeof key === "string" && hasNul(key)) return pathOf(child);
        pending.push(child);
      }
    }
  }
  return null;
}

/** Text as every schema takes it: any string PostgreSQL can store. */
export const text = z.string().refine((value) => !hasNul(value), NUL_MESSAGE);

/** Our id columns are PostgreSQL integer (int4): an id beyond it names nothing and must not reach a query. */
export const ROW_ID = { min: 1, max: 2_147_483_647 } as const;
export const ROW_ID_MESSAGE = `must be a whole number from ${ROW_ID.min} to ${ROW_ID.max}`;

export const isRowId = (value: number) => Number.isSafeInteger(value) && value >= ROW_ID.min && value <= ROW_ID.max;

/** An id in a JSON body. */
export const rowId = z.number().int(ROW_ID_MESSAGE).min(ROW_ID.min, ROW_ID_MESSAGE).max(ROW_ID.max, ROW_ID_MESSAGE);
/** An id in a query string. */
export const rowIdParam = z.coerce.number().int(ROW_ID_MESSAGE).min(ROW_ID.min, ROW_ID_MESSAGE).max(ROW_ID.max, ROW_ID_MESSAGE);

export const CALENDAR_MESSAGE = `must be a day from ${CALENDAR.firstDay} to ${CALENDAR.lastDay}`;

const isCalendarDate = (s: string) => {
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(s);
};

/** A calendar day (YYYY-MM-DD) within the days the product knows (CALENDAR). */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date")
  .refine((s) => s >= CALENDAR.firstDay && s <= CALENDAR.lastDay, CALENDAR_MESSAGE);
