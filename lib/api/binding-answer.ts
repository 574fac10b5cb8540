import { ApiError } from "./errors";
import { json } from "./respond";
import { notFound } from "@/lib/errors";
import { awaitBinding, type BindingNow } from "@/lib/bindings/watch";
import type { BindingView } from "@/lib/db/bindings";

/** A comment line this often keeps proxies and browsers from closing a quiet event stream. */
const KEEP_ALIVE_MS = 15_000;

function settled(now: BindingNow): BindingView {
  if (now === null) throw notFound("binding");
  if ("gone" in now) throw new ApiError(410, now.gone, now.message);
  return now;
}

/** GET /api/bindings/{id} as JSON: now, or held up to `waitSeconds` until the code is scanned. */
export async function bindingJson(id: string, waitSeconds: number, signal: AbortSignal): Promise<Response> {
  const now = settled(await awaitBinding(id, Date.now() + waitSeconds * 1000, signal));
  return json(now, 200, { "cache-control": "no-store" });
}

/**
 * GET /api/bindings/{id} as Server-Sent Events: `event: resolved` with the scan, or `event: expired`
 * when the code expires unscanned, then the stream ends; keep-alive comments meanwhile. An unknown,
 * expired or collected binding is answered as JSON (404/410) before any stream starts.
 */
export async function bindingEvents(id: string, signal: AbortSignal): Promise<Response> {
  const first = settled(await awaitBinding(id, Date.now(), signal));
  const encoder = new TextEncoder();
  const gone = new AbortController();
  const stop = () => gone.abort();
  signal.addEventListener("abort", stop);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const event = (name: string, data: unknown) => send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      try {
        send("retry: 3000\n: waiting for the scan\n\n");
        let now: BindingNow = first;
        while (now && !("gone" in now) && now.status === "pending" && !gone.signal.aborted) {
          now = await awaitBinding(id, Date.now() + KEEP_ALIVE_MS, gone.signal);
          if (now && !("gone" in now) && now.status === "pending") send(": keep-alive\n\n");
        }
        if (now && !("gone" in now) && now.status === "resolved") event("resolved", now);
        else if (now && "gone" in now)
          event(now.gone === "binding_used" ? "used" : "expired", { error: { code: now.gone, message: now.message } });
      } catch {
        // the database failed mid-stream: the caller reconnects (retry) and reads the binding again
      } finally {
        signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the caller leaving
        }
      }
    },
    cancel: stop,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
