/**
 * At most this many codes and bindings are being issued (reserved, asked of WeChat, activated) at once
 * per instance; a burst waits its turn instead of taking every database connection and outbound socket
 * at once (the sandbox's answers need both too). Measured here: about 35 bindings a second on 2 cores.
 */
const ISSUING_AT_ONCE = 8;

type Gate = { active: number; waiting: (() => void)[] };
// On globalThis: Next bundles each route on its own, so module state would not be shared.
const globalForGate = globalThis as unknown as { qudaoBindingGate?: Gate };

export async function issuing<T>(work: () => Promise<T>): Promise<T> {
  globalForGate.qudaoBindingGate ??= { active: 0, waiting: [] };
  const gate = globalForGate.qudaoBindingGate;
  if (gate.active >= ISSUING_AT_ONCE) await new Promise<void>((grant) => gate.waiting.push(grant));
  else gate.active++;
  try {
    return await work();
  } finally {
    const next = gate.waiting.shift();
    if (next) next();
    else gate.active--;
  }
}
