import http from "node:http";
import { buildEventXml, buildPush, openReply, type AccountKeys } from "@/lib/wechat";

/**
 * WeChat's side of the webhook for fault tests: a steady stream of distinct events (scans of a mix
 * of codes by new and returning scanners, plain follows, SCANs of followers, unfollows), each
 * delivered as WeChat delivers it: an attempt is given 5 s, then WeChat tries again, 3 attempts
 * in all; an event is acknowledged when an attempt got a 200, given up when none did.
 *
 * A scanner has one event in delivery at a time (people do not scan and unfollow within seconds),
 * and one whose event was given up is not used again: what was recorded of it is then a prefix of
 * what it did, and the expected attribution follows from the recorded events alone.
 */

export type EventKind = "scan_subscribe" | "follow" | "scan" | "unfollow";
/** What one attempt got: a status, or no answer within the deadline, or no connection. */
export type AttemptOutcome = "200" | `status ${number}` | "timeout" | "refused" | "reset" | "answer lost";
export type Attempt = { url: string; startedMs: number; ms: number; outcome: AttemptOutcome };

export type SentEvent = {
  n: number;
  openid: string;
  createTime: number;
  kind: EventKind;
  /** The code's scene for scans; null for follows and unfollows. */
  scene: string | null;
  attempts: Attempt[];
  acknowledged: boolean;
  /** A 200 whose passive reply did not open for this follower (wrong signature, wrong addressee). */
  badReply?: string;
};

export type WeChatOptions = {
  keys: AccountKeys & { originalId: string };
  /** Scenes of the codes scanned; an unknown scene now and then is part of the mix. */
  scenes: string[];
  events: number;
  perSecond: number;
  /** Which instance attempt `attempt` (1…) of an event goes to. */
  route: (event: SentEvent, attempt: number) => string;
  /** Per attempt (WeChat: 5 s). */
  timeoutMs?: number;
  /** Attempts in all (WeChat: 3). */
  attempts?: number;
  /** A retry starts this long after the previous attempt started (WeChat waits out its 5 s first). */
  retryAfterMs?: number;
  /**
   * Attempts whose answer is lost (as if it came after WeChat's deadline): the request is sent
   * and abandoned a few milliseconds later, so a retry follows while the first may still be recorded.
   */
  losesAnswer?: (event: SentEvent, attempt: number) => boolean;
  seed?: number;
};

export type WeChatReport = {
  events: SentEvent[];
  sent: number;
  acknowledged: number;
  givenUp: number;
  /** Given-up events by their attempts' outcomes, e.g. "refused, refused, refused". */
  givenUpWhy: Record<string, number>;
  attemptOutcomes: Record<string, number>;
  /** Acknowledged only on a second or third attempt. */
  acknowledgedOnRetry: number;
  badReplies: number;
};

/** mulberry32: a small seeded generator, so a failing stream can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Scanner = { openid: string; state: "new" | "following" | "unfollowed"; busy: boolean; retired: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One POST, answered or not within `timeoutMs`; `abandonAfterMs` drops the answer on purpose. */
function attempt(
  url: string,
  body: string,
  timeoutMs: number,
  abandonAfterMs?: number,
): Promise<{ outcome: AttemptOutcome; text?: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: { outcome: AttemptOutcome; text?: string }) => {
      if (settled) return;
      // An answer to be lost is lost even when it is quick: WeChat never sees it.
      if (abandonAfterMs !== undefined && result.text !== undefined) result = { outcome: "answer lost" };
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = http.request(url, {
      method: "POST",
      agent: false, // a connection per attempt: WeChat drops it at the deadline
      headers: { "content-type": "text/xml", "content-length": Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => finish({ outcome: "timeout" }), timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        finish({
          outcome: res.statusCode === 200 ? "200" : `status ${res.statusCode ?? 0}`,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", () => finish({ outcome: "reset" }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => finish({ outcome: error.code === "ECONNREFUSED" ? "refused" : "reset" }));
    req.end(body);
    if (abandonAfterMs !== undefined) setTimeout(() => finish({ outcome: "answer lost" }), abandonAfterMs);
  });
}

export class WeChatSimulator {
  readonly events: SentEvent[] = [];
  private readonly rand: () => number;
  private readonly scanners: Scanner[] = [];
  private clock: number;
  private readonly waiters: { n: number; resolve: () => void }[] = [];
  readonly seed: number;
  /** When the stream began (Date.now()); attempts' startedMs count from here. */
  startedAt = 0;

  constructor(private readonly opts: WeChatOptions) {
    this.seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.rand = random(this.seed);
    // Distinct, increasing CreateTimes, in the past: one follower's events are in the order they happened.
    this.clock = Math.floor(Date.now() / 1000) - opts.events - 60;
  }

  /** Resolves once `n` events have had their first attempt started. */
  whenSent(n: number): Promise<void> {
    if (this.events.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Sends the whole stream at the given rate; resolves when every event is acknowledged or given up. */
  async run(): Promise<WeChatReport> {
    const deliveries: Promise<void>[] = [];
    const gap = 1000 / this.opts.perSecond;
    const started = Date.now();
    this.startedAt = started;
    for (let i = 0; i < this.opts.events; i++) {
      const due = started + i * gap;
      if (due > Date.now()) await sleep(due - Date.now());
      const event = this.nextEvent();
      deliveries.push(this.deliver(event, started));
      for (const w of this.waiters.filter((w) => this.events.length >= w.n)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    await Promise.all(deliveries);
    return this.report();
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }

  private nextEvent(): SentEvent {
    const free = this.scanners.filter((s) => !s.busy && !s.retired);
    let scanner: Scanner;
    if (free.length === 0 || this.rand() < 0.35) {
      scanner = { openid: `o_sim_${this.seed}_${this.scanners.length}`, state: "new", busy: false, retired: false };
      this.scanners.push(scanner);
    } else scanner = this.pick(free);
    const scene = () => (this.rand() < 0.05 ? "no-such-code" : this.pick(this.opts.scenes));
    const r = this.rand();
    let kind: EventKind;
    if (scanner.state === "following") kind = r < 0.6 ? "scan" : "unfollow";
    else if (scanner.state === "unfollowed") kind = r < 0.7 ? "scan_subscribe" : "follow";
    else kind = r < 0.7 ? "scan_subscribe" : r < 0.8 ? "follow" : "scan"; // a SCAN: followed before Qudao
    scanner.state = kind === "unfollow" ? "unfollowed" : "following";
    scanner.busy = true;
    const event: SentEvent = {
      n: this.events.length,
      openid: scanner.openid,
      createTime: this.clock++,
      kind,
      scene: kind === "scan" || kind === "scan_subscribe" ? scene() : null,
      attempts: [],
      acknowledged: false,
    };
    this.events.push(event);
    return event;
  }

  private xml(event: SentEvent): string {
    const { keys } = this.opts;
    const base = { toUser: keys.originalId, fromUser: event.openid, createTime: event.createTime };
    if (event.kind === "scan_subscribe")
      return buildEventXml({ ...base, event: "subscribe", eventKey: `qrscene_${event.scene}`, ticket: `t-${event.scene}` });
    if (event.kind === "scan")
      return buildEventXml({ ...base, event: "SCAN", eventKey: event.scene!, ticket: `t-${event.scene}` });
    if (event.kind === "follow") return buildEventXml({ ...base, event: "subscribe", eventKey: "" });
    return buildEventXml({ ...base, event: "unsubscribe", eventKey: "" });
  }

  private async deliver(event: SentEvent, streamStarted: number) {
    const { keys, route } = this.opts;
    const timeoutMs = this.opts.timeoutMs ?? 5_000;
    const retryAfterMs = this.opts.retryAfterMs ?? 5_000;
    const xml = this.xml(event);
    for (let n = 1; n <= (this.opts.attempts ?? 3); n++) {
      const startedAt = Date.now();
      const { query, body } = buildPush(keys, xml); // each attempt freshly signed
      const url = `${route(event, n)}/api/wechat/${keys.appId}?${query}`;
      const abandon = this.opts.losesAnswer?.(event, n) ? Math.floor(this.rand() * 40) : undefined;
      const { outcome, text } = await attempt(url, body, timeoutMs, abandon);
      event.attempts.push({ url: route(event, n), startedMs: startedAt - streamStarted, ms: Date.now() - startedAt, outcome });
      if (outcome === "200") {
        event.acknowledged = true;
        event.badReply = this.checkReply(event, text ?? "", query.get("encrypt_type") === "aes");
        break;
      }
      const wait = startedAt + retryAfterMs - Date.now();
      if (wait > 0 && n < (this.opts.attempts ?? 3)) await sleep(wait);
    }
    const scanner = this.scanners.find((s) => s.openid === event.openid)!;
    scanner.busy = false;
    if (!event.acknowledged) scanner.retired = true;
  }

  private checkReply(event: SentEvent, text: string, encrypted: boolean): string | undefined {
    if (text === "success") return undefined;
    try {
      const reply = openReply(this.opts.keys, text, encrypted) as Record<string, string> | null;
      return reply?.ToUserName === event.openid ? undefined : `addressed to ${reply?.ToUserName}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Events whose first attempt began at or after `at` (Date.now() time) and were not acknowledged. */
  notAcknowledgedSince(at: number): SentEvent[] {
    return this.events.filter((e) => e.attempts[0] && this.startedAt + e.attempts[0].startedMs >= at && !e.acknowledged);
  }

  report(): WeChatReport {
    const count = (keys: string[]) =>
      keys.reduce<Record<string, number>>((all, key) => {
        all[key] = (all[key] ?? 0) + 1;
        return all;
      }, {});
    const givenUp = this.events.filter((e) => !e.acknowledged && e.attempts.length > 0);
    return {
      events: this.events,
      sent: this.events.length,
      acknowledged: this.events.filter((e) => e.acknowledged).length,
      givenUp: givenUp.length,
      givenUpWhy: count(givenUp.map((e) => e.attempts.map((a) => a.outcome).join(", "))),
      attemptOutcomes: count(this.events.flatMap((e) => e.attempts.map((a) => a.outcome))),
      acknowledgedOnRetry: this.events.filter((e) => e.acknowledged && e.attempts.length > 1).length,
      badReplies: this.events.filter((e) => e.badReply).length,
    };
  }
}
