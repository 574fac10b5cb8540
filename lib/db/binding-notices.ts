import pg from "pg";
import { config } from "@/lib/config";
import { BINDINGS_CHANNEL } from "./bindings";

// The webhook of any instance notifies BINDINGS_CHANNEL with a binding's id when it resolves it
// (lib/db/bindings.ts resolveBindings); each instance holds one LISTEN connection for its waiters.

type Notices = { client: Promise<pg.Client> | null; waiters: Map<string, Set<() => void>> };
const globalForNotices = globalThis as unknown as { qudaoBindingNotices?: Notices };
globalForNotices.qudaoBindingNotices ??= { client: null, waiters: new Map() };
const notices = globalForNotices.qudaoBindingNotices;

function wakeAll() {
  for (const set of notices.waiters.values()) for (const wake of set) wake();
}

/** The instance's LISTEN connection, opened on first use and again after it was lost. */
function listening(): Promise<pg.Client> {
  notices.client ??= (async () => {
    const client = new pg.Client({ connectionString: config().databaseUrl, keepAlive: true, connectionTimeoutMillis: 10_000 });
    const lost = () => {
      notices.client = null;
      client.end().catch(() => {});
      wakeAll(); // the waiters read their binding again: a notice may have been missed meanwhile
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (n) => {
      for (const wake of notices.waiters.get(n.payload ?? "") ?? []) wake();
    });
    await client.connect();
    await client.query(`LISTEN ${BINDINGS_CHANNEL}`);
    return client;
  })().catch((error) => {
    notices.client = null;
    throw error;
  });
  return notices.client;
}

/**
 * Registers for the binding's notice before the caller reads the binding (so a resolution between
 * the read and the wait is not missed); `next(ms)` resolves at the notice or after `ms`, whichever
 * comes first. `close` when done.
 */
export async function bindingNotices(id: string): Promise<{ next: (ms: number) => Promise<void>; close: () => void }> {
  let pending: (() => void) | null = null;
  let noticed = false;
  const wake = () => {
    noticed = true;
    pending?.();
  };
  const set = notices.waiters.get(id) ?? new Set();
  set.add(wake);
  notices.waiters.set(id, set);
  const close = () => {
    set.delete(wake);
    if (set.size === 0 && notices.waiters.get(id) === set) notices.waiters.delete(id);
    pending?.();
  };
  try {
    await listening();
  } catch {
    // No LISTEN now (database restarting): the waiter falls back to reading again every few seconds.
  }
  const next = (ms: number) =>
    new Promise<void>((resolve) => {
      if (noticed) {
        noticed = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        pending = null;
        noticed = false;
        resolve();
      }
      pending = done;
    });
  return { next, close };
}
