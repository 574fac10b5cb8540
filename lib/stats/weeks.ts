/** [from, to] as whole weeks (Monday to Sunday, [weeksFrom, weeksTo)) and the days left at either end. */
export function splitIntoWeeks(from: string, to: string): { weeksFrom: string; weeksTo: string } {
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
  const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
  const first = day(from);
  const monday = first + ((8 - new Date(first * 86_400_000).getUTCDay()) % 7); // getUTCDay: 1 = Monday
  const weeks = Math.max(0, Math.floor((day(to) + 1 - monday) / 7));
  return { weeksFrom: iso(monday), weeksTo: iso(monday + 7 * weeks) };
}
