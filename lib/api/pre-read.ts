import type { ZodType } from "zod";
import { asAnswer } from "./respond";

/**
 * A GET the page's browser code will make, answered while the page renders: `{ [path]: answer }`
 * for the page's API fallback, from the route's own query schema and answer. Nothing when the
 * query is refused or the answer fails: the browser then asks itself and shows what went wrong.
 */
export async function preRead<Q>(
  path: string,
  schema: ZodType<Q>,
  answer: (query: Q) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const query = schema.safeParse(Object.fromEntries(new URL(path, "http://qudao").searchParams));
  if (!query.success) return {};
  try {
    return { [path]: asAnswer(await answer(query.data)) };
  } catch {
    return {};
  }
}
