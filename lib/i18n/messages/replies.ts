export const replies = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
