/** The queues of follow-up work a recorded event may cause, each run by every instance's workers. */
export const QUEUES = { followUp: "follow-up", tagging: "tagging", forward: "forward" } as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];

export type QueuePolicy = {
  /** Attempts after the first; pg-boss waits retryDelay·2^n·(1…2) seconds before retry n+1. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A run that takes longer is failed (and retried) by pg-boss. */
  expireInSeconds: number;
  /** Jobs a worker takes at once (tagging folds many events into one WeChat call). */
  batchSize: number;
  pollingIntervalSeconds: number;
};

/**
 * Follow-up messages must reach the follower within WeChat's 60 s window after the event: a few
 * quick retries (2, 4, 8, 16 s…). Tags may wait. Forwarded events are retried for a day (the
 * handler gives up once the first attempt is FORWARD_GIVE_UP_HOURS old).
 */
export const QUEUE_POLICIES: Record<QueueName, QueuePolicy> = {
  "follow-up": { retryLimit: 4, retryDelaySeconds: 2, expireInSeconds: 60, batchSize: 10, pollingIntervalSeconds: 0.5 },
  tagging: { retryLimit: 8, retryDelaySeconds: 5, expireInSeconds: 120, batchSize: 200, pollingIntervalSeconds: 1 },
  forward: { retryLimit: 20, retryDelaySeconds: 30, expireInSeconds: 60, batchSize: 10, pollingIntervalSeconds: 1 },
};

export const FORWARD_GIVE_UP_HOURS = 24;

export function isQueueName(value: unknown): value is QueueName {
  return typeof value === "string" && (QUEUE_NAMES as string[]).includes(value);
}
