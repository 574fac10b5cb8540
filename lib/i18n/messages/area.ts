/**
 * One area's texts. Chinese is the reference: the English side must have exactly its keys, so a
 * text missing (or left over) in one language is a type error, not a key on screen.
 */
export function areaMessages<Zh extends Record<string, string>>(texts: { zh: Zh; en: NoInfer<Record<keyof Zh, string>> }) {
  return texts;
}
