import { availableParallelism } from "node:os";
import { config } from "@/lib/config";

/**
 * Render work is CPU work: at most RENDER_CONCURRENCY renders (default: one per CPU) run at once in
 * this process, a few more wait their turn for a short while, and past that the caller is told to come
 * back later (429 + Retry-After) instead of every request, /api/health included, slowing down.
 */
export const RENDER_QUEUE = {
  /** Requests that may wait for a slot, per slot. A browser loads at most 6 thumbnails at a time. */
  waitingPerSlot: 8,
  /** The longest a request waits for a slot before it is refused. */
  maxWaitMs: 10_000,
  /** What a refused caller is told to wait. */
  retryAfterSeconds: 2,
  /** A ZIP holds its slot while its reader reads; one that has not finished by then is cut off. */
  archiveMaxMs: 5 * 60_000,
} as const;

export class RenderBusyError extends Error {
  readonly retryAfterSeconds = RENDER_QUEUE.retryAfterSeconds;
  constructor() {
    super(`the server is busy rendering images; try again in ${RENDER_QUEUE.retryAfterSeconds} s`);
  }
}

type Waiter = { grant: () => void; timer: NodeJS.Timeout };
type Gate = { slots: number; active: number; waiting: Waiter[] };

// One gate per process: Next bundles each route on its own, so module state would not be shared.
const globalForRender = globalThis as unknown as { qudaoRenderGate?: Gate };

function gate(): Gate {
  globalForRender.qudaoRenderGate ??= {
    slots: config().renderConcurrency ?? availableParallelism(),
    active: 0,
    waiting: [],
  };
  return globalForRender.qudaoRenderGate;
}

/** Renders running and waiting now (for tests and /api/health). */
export function renderLoad(): { slots: number; active: number; waiting: number } {
  const { slots, active, waiting } = gate();
  return { slots, active, waiting: waiting.length };
}

/** Waits for a render slot; resolves with its release (call it once), or rejects with RenderBusyError. */
export function takeRenderSlot(): Promise<() => void> {
  const g = gate();
  const slot = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = g.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant();
      } else g.active--;
    };
  };
  if (g.active < g.slots) {
    g.active++;
    return Promise.resolve(slot());
  }
  if (g.waiting.length >= g.slots * RENDER_QUEUE.waitingPerSlot) return Promise.reject(new RenderBusyError());
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      grant: () => resolve(slot()), // the releasing render hands its slot over: `active` stays
      timer: setTimeout(() => {
        g.waiting.splice(g.waiting.indexOf(waiter), 1);
        reject(new RenderBusyError());
      }, RENDER_QUEUE.maxWaitMs),
    };
    g.waiting.push(waiter);
  });
}

/** Runs `render` in a slot. */
export async function inRenderSlot<T>(render: () => Promise<T>): Promise<T> {
  const release = await takeRenderSlot();
  try {
    return await render();
  } finally {
    release();
  }
}

/** `stream`, releasing the slot when it ends, fails, is cancelled, or runs past archiveMaxMs (then it fails). */
export function releasedWhenDone(stream: ReadableStream<Uint8Array>, release: () => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const done = () => {
    clearTimeout(timer);
    release();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        timer = setTimeout(() => {
          expired = true;
          done();
          controller.error(new Error("the download took too long"));
          reader.cancel().catch(() => {});
        }, RENDER_QUEUE.archiveMaxMs);
      },
      async pull(controller) {
        try {
          const next = await reader.read();
          if (expired) return;
          if (next.done) {
            done();
            controller.close();
          } else controller.enqueue(next.value);
        } catch (error) {
          done();
          if (!expired) controller.error(error);
        }
      },
      async cancel(reason) {
        done();
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

/** The 429 a refused render answers. */
export function renderBusyResponse(error: RenderBusyError): Response {
  return Response.json(
    { error: { code: "busy", message: error.message } },
    { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } },
  );
}
