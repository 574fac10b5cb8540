/** Today as YYYY-MM-DD in Asia/Shanghai, the accounts' default time zone (statistics count days in it). */
export const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
