export const stats = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
