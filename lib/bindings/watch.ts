import { bindingNotices } from "@/lib/db/binding-notices";
import { collectBinding, type BindingGone, type BindingView } from "@/lib/db/bindings";

/** Read again this often even without a notice: a lost LISTEN connection costs a few seconds, never the answer. */
const RECHECK_MS = 5_000;

export type BindingNow = BindingView | BindingGone | null;

/**
 * The binding once it is resolved (handed out once: lib/db/bindings.ts collectBinding), gone or
 * unknown; or still pending when `deadline` (epoch ms) passes or the caller leaves. A scan wakes the
 * wait through the webhook's notice, on whichever instance recorded it.
 */
export async function awaitBinding(id: string, deadline: number, signal?: AbortSignal): Promise<BindingNow> {
  const notices = await bindingNotices(id);
  const leave = () => notices.close();
  signal?.addEventListener("abort", leave);
  try {
    for (;;) {
      const now = await collectBinding(id);
      if (now === null || "gone" in now || now.status === "resolved") return now;
      const left = Math.min(deadline, Date.parse(now.expiresAt) + 50) - Date.now();
      if (left <= 0 || signal?.aborted) return now;
      await notices.next(Math.min(left, RECHECK_MS));
    }
  } finally {
    signal?.removeEventListener("abort", leave);
    notices.close();
  }
}
