import type { Locale } from "../locale";
import { common } from "./common";
import { codes } from "./codes";
import { replies } from "./replies";
import { stats } from "./stats";
import { admin } from "./admin";
import { audit } from "./audit";
import { live } from "./live";
import { groups } from "./groups";
import { bindings } from "./bindings";
import { jobs } from "./jobs";
import { keywords } from "./keywords";
import { forwarding } from "./forwarding";
import { followUps } from "./follow-ups";
import { wechatErrors } from "./wechat-errors";
import { followers } from "./followers";
import { sandbox } from "./sandbox";
import { retention } from "./retention";
import { posters } from "./posters";

// Each area of the dashboard keeps its texts in its own file; the Chinese ones name the keys.
const zh = {
  ...common.zh,
  ...codes.zh,
  ...replies.zh,
  ...stats.zh,
  ...admin.zh,
  ...audit.zh,
  ...live.zh,
  ...groups.zh,
  ...bindings.zh,
  ...jobs.zh,
  ...keywords.zh,
  ...forwarding.zh,
  ...followUps.zh,
  ...wechatErrors.zh,
  ...followers.zh,
  ...sandbox.zh,
  ...retention.zh,
  ...posters.zh,
};

/** Every text's key: `t()` takes nothing else. */
export type MessageKey = keyof typeof zh;
export type Messages = Record<MessageKey, string>;

export const messages: Record<Locale, Messages> = {
  zh,
  en: {
    ...common.en,
    ...codes.en,
    ...replies.en,
    ...stats.en,
    ...admin.en,
    ...audit.en,
    ...live.en,
    ...groups.en,
    ...bindings.en,
    ...jobs.en,
    ...keywords.en,
    ...forwarding.en,
    ...followUps.en,
    ...wechatErrors.en,
    ...followers.en,
    ...sandbox.en,
    ...retention.en,
    ...posters.en,
  },
};
