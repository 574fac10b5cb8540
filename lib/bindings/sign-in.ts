import { NAME_MAX_CHARS } from "@/lib/limits";

// What a sign-in code is made with on first use; afterwards its name and reply are edited like any code's.

/** The reply a scanner of a binding gets: one text for both languages, since WeChat users read either. */
export const SIGN_IN_REPLY_TEXT = "已登录 / signed in";

/** The channel of bindings that name none. */
export const DEFAULT_SIGN_IN_CHANNEL = "网页登录";

export const signInCodeName = (channel: string) => `网页登录 · ${channel}`.slice(0, NAME_MAX_CHARS);
