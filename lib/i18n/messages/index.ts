import { common } from "./common";
import { codes } from "./codes";
import { replies } from "./replies";
import { stats } from "./stats";
import { admin } from "./admin";

// Each area of the dashboard keeps its texts in its own file; both languages must have every key.
const areas = [common, codes, replies, stats, admin];

export const messages = {
  zh: Object.assign({}, ...areas.map((a) => a.zh)) as Record<string, string>,
  en: Object.assign({}, ...areas.map((a) => a.en)) as Record<string, string>,
};
