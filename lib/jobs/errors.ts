import { WeChatApiError } from "@/lib/wechat/api-error";

/** Thrown by a handler: the job fails now, without retries, and the jobs page shows this reason. */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
    readonly errmsg?: string,
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/**
 * What a WeChat refusal means for a job: busy (-1 after the client's own back-off), no answer and
 * HTTP 5xx are worth retrying; every other errcode (quota, limits, bad input, a token refused even
 * after the client renewed it once) will not change by itself, so the job gives up with it.
 */
export function asJobError(error: unknown): Error {
  if (!(error instanceof WeChatApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.kind === "busy") return error;
  if (error.kind === "network" && (error.errcode === 0 || error.errcode >= 500)) return error;
  return new PermanentJobError(error.message, error.errcode, error.errmsg);
}

/** What the jobs page shows of a failure (stored as the job's output). */
export type JobFailure = { message: string; permanent: boolean; errcode?: number; errmsg?: string };

export function failureOf(error: unknown): JobFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const wechat = e instanceof PermanentJobError || e instanceof WeChatApiError ? e : null;
  return {
    message: e.message.slice(0, 500),
    permanent: e instanceof PermanentJobError,
    ...(wechat?.errcode !== undefined ? { errcode: wechat.errcode } : {}),
    ...(wechat?.errmsg !== undefined ? { errmsg: wechat.errmsg.slice(0, 200) } : {}),
  };
}
