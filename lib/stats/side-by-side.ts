// Rows of GET /api/stats shown side by side on one chart: how many, and the colour of each line.
// Read by the API's validation (lib/validation/stats.ts) and the dashboard alike.

/** At most this many rows share one chart: more lines than this cannot be told apart. */
export const SIDE_BY_SIDE_MAX = 5;
/** Fewer than two is not a comparison. */
export const SIDE_BY_SIDE_MIN = 2;

/**
 * The lines' colours, in the order the rows were picked: Okabe–Ito colours, told apart with the
 * common colour-vision deficiencies too, and none of them a metric's colour (METRIC in metrics.ts).
 */
export const LINE_COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"] as const satisfies readonly string[] & {
  length: typeof SIDE_BY_SIDE_MAX;
};

/** The key GET /api/stats gives the "no campaign" row. */
export const NO_CAMPAIGN_KEY = "";
