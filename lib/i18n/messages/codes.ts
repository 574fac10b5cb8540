export const codes = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
