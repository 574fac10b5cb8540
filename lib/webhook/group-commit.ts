/** Too many pushes are already waiting for the database: answer 503 now rather than after WeChat's deadline. */
export class OverloadedError extends Error {
  constructor() {
    super("too many events are waiting to be recorded");
    this.name = "OverloadedError";
  }
}

type Waiting<T, R> = { item: T; key: string | undefined; resolve: (result: R) => void; reject: (error: unknown) => void };

export type GroupCommitOptions<T> = {
  /** Most items one write takes. */
  maxBatch: number;
  /** Writes in flight at once (each on its own connection). */
  writers: number;
  /** Items waiting beyond this are refused with OverloadedError. */
  maxWaiting: number;
  /** Items with the same key are written one after the other, in order: never in one write, nor in two at once. */
  keyOf?: (item: T) => string;
};

/**
 * Group commit: items that arrive while earlier writes are in flight are written together by the
 * next write, and each caller is answered when the write holding its item is done. A write
 * answers per item: a result, or an Error for that item alone.
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private running = 0;
  private writingKeys = new Set<string>();
  private whenIdle: (() => void)[] = [];

  constructor(
    private readonly write: (items: T[]) => Promise<(R | Error)[]>,
    private readonly opts: GroupCommitOptions<T>,
  ) {}

  submit(item: T): Promise<R> {
    if (this.waiting.length >= this.opts.maxWaiting) return Promise.reject(new OverloadedError());
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, key: this.opts.keyOf?.(item), resolve, reject });
      this.drain();
    });
  }

  /** Resolves once nothing is waiting or being written (what was submitted so far is written or failed). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  private drain() {
    while (this.running < this.opts.writers) {
      const batch = this.take();
      if (batch.length === 0) {
        if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
        return;
      }
      this.running++;
      this.write(batch.map((w) => w.item))
        .then(
          (results) =>
            batch.forEach((w, i) => {
              const result = results[i];
              if (result instanceof Error) w.reject(result);
              else if (i >= results.length) w.reject(new Error("the write answered fewer items than it was given"));
              else w.resolve(result as R);
            }),
          (error) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          for (const w of batch) if (w.key !== undefined) this.writingKeys.delete(w.key);
          this.drain();
        });
    }
  }

  /** Up to maxBatch waiting items, skipping keys already taken (by this batch or one in flight). */
  private take(): Waiting<T, R>[] {
    const batch: Waiting<T, R>[] = [];
    const later: Waiting<T, R>[] = [];
    for (const w of this.waiting) {
      if (batch.length < this.opts.maxBatch && (w.key === undefined || !this.writingKeys.has(w.key))) {
        if (w.key !== undefined) this.writingKeys.add(w.key);
        batch.push(w);
      } else later.push(w);
    }
    this.waiting = later;
    return batch;
  }
}
