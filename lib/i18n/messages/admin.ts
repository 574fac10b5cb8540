export const admin = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
