import { LIVE_CODE_RULES } from "@/lib/limits";

const WINDOW_MS = 60_000;

/** A client address over its share of per-visitor tickets: try again after `retryAfterSeconds`. */
export class VisitorLimitError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many live codes drawn from this address; try again in ${retryAfterSeconds} s`);
    this.name = "VisitorLimitError";
  }
}

type Window = { startedAt: number; count: number };

/**
 * Per-visitor tickets per client address and minute, counted in this instance's memory: a ticket
 * costs a WeChat API call, not a database row, and keeping one more row per visit would cost the
 * database more than the limit saves. Behind N instances an address gets at most N times the limit.
 */
export class VisitorLimit {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly perMinute: number = LIVE_CODE_RULES.visitorTicketsPerMinute) {}

  /** Counts one ticket for `address`, or throws VisitorLimitError when it has had its share this minute. */
  take(address: string, now = Date.now()): void {
    if (this.windows.size > 10_000) this.forgetPast(now);
    const window = this.windows.get(address);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      this.windows.set(address, { startedAt: now, count: 1 });
      return;
    }
    if (window.count >= this.perMinute) throw new VisitorLimitError(Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    window.count++;
  }

  private forgetPast(now: number) {
    for (const [address, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(address);
  }
}
