/** Too many pushes are already waiting for the database: answer 503 now rather than after WeChat's deadline. */
export class OverloadedError extends Error {
  constructor() {
    super("too many events are waiting to be recorded");
    this.name = "OverloadedError";
  }
}

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export type GroupCommitOptions<T> = {
  /** Most items one write takes. */
  maxBatch: number;
  /** Writes in flight at once (each on its own connection). */
  writers: number;
  /** Items waiting beyond this are refused with OverloadedError. */
  maxWaiting: number;
  /** Items with the same key never share a write; later ones wait for a later write, in order. */
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

  constructor(
    private readonly write: (items: T[]) => Promise<(R | Error)[]>,
    private readonly opts: GroupCommitOptions<T>,
  ) {}

  submit(item: T): Promise<R> {
    if (this.waiting.length >= this.opts.maxWaiting) return Promise.reject(new OverloadedError());
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    while (this.running < this.opts.writers && this.waiting.length > 0) {
      const batch = this.take();
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
          (error) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }

  private take(): Waiting<T, R>[] {
    const { maxBatch, keyOf } = this.opts;
    if (!keyOf) return this.waiting.splice(0, maxBatch);
    const batch: Waiting<T, R>[] = [];
    const later: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const w of this.waiting) {
      const key = keyOf(w.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(w);
      } else later.push(w);
    }
    this.waiting = later;
    return batch;
  }
}
