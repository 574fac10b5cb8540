// Product limits of the codes area, shared by the API and the dashboard: nothing here may import
// server-only code, because components/ (the browser bundle) imports this file too.

export const ARCHIVE_LIMITS = {
  /** Codes in one ZIP download (and so in one batch or print sheet). */
  maxCodes: 1000,
  /** Rendering is CPU work on the request (~16 ms per 430 px code here): past this many pixels, about
   *  20 s of work, ask for fewer codes or a smaller size. 1,000 codes fit at the default 430 px. */
  maxTotalPixels: 200_000_000,
} as const;
