/**
 * SPEC §6 bulk numbers through the running production server: 1,000 codes created through
 * POST /api/qrcodes as a script would (a few requests in parallel, marketer token, the built-in
 * WeChat sandbox), the ZIP of those 1,000 codes, and the raw events export of 1 million events —
 * each with the server's peak RSS, sampled every 100 ms, against "bounded memory".
 */
import http from "node:http";
import type { EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { ARCHIVE_LIMITS } from "@/lib/limits";
import { log, percentile, rssMb, scalar, sectionDatabase, startQudao, type Target } from "./harness";

const CODES = Number(process.env.BENCH_BULK_CODES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_BULK_CONCURRENCY ?? 4);
const EVENTS = Number(process.env.BENCH_BULK_EVENTS ?? 1_000_000);
const EXPORT_DAYS = 30;
const CHANNELS = 50;
const CAMPAIGNS = ["双十一", "618", "春节", "开学季"];

// ---------------------------------------------------------------- HTTP as a script does it

type Answer = { status: number; body: string; ms: number };

function request(
  agent: http.Agent,
  port: number,
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

type Download = {
  status: number;
  bytes: number;
  newlines: number;
  tail: Buffer;
  headers: http.IncomingHttpHeaders;
  ms: number;
  firstByteMs: number;
};

/** GET read to the end and thrown away as it comes: bytes and newlines counted, only the last 64 bytes kept. */
function download(port: number, pathname: string, token: string): Promise<Download> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: pathname, headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        const firstByteMs = performance.now() - started;
        let bytes = 0;
        let newlines = 0;
        let tail = Buffer.alloc(0);
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
          tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 64))]).subarray(-64);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            newlines,
            tail,
            headers: res.headers,
            ms: performance.now() - started,
            firstByteMs,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

/** Samples the server's process-tree RSS every 100 ms until stopped. */
export function sampleRss(pid: number) {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  return {
    before,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMb(pid));
    },
  };
}

export type CreatedCodes = { ids: number[]; seconds: number; latencies: number[]; failed: number; firstError?: string };

/** A code's body as a script would send it: 50 channels, a few campaigns (every 5th code none), every 3rd with its own reply. */
export function codeBody(i: number) {
  return {
    name: `码 ${i}`,
    channel: `渠道 ${1 + (i % CHANNELS)}`,
    ...(i % 5 === 0 ? {} : { campaign: CAMPAIGNS[i % CAMPAIGNS.length] }),
    kind: "temporary",
    expireSeconds: 86_400,
    ...(i % 3 === 0 ? { reply: { type: "text", content: `感谢扫描码 ${i}！` } } : {}),
  };
}

/** `n` codes through POST /api/qrcodes, `concurrency` requests in flight (each sender posts its next code when answered). */
export async function createCodes(server: Target, token: string, n: number, concurrency: number): Promise<CreatedCodes> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const ids: number[] = [];
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < n) {
      const i = ++next;
      const answer = await request(agent, server.port, "POST", "/api/qrcodes", token, codeBody(i)).catch((e: Error) => e);
      if (answer instanceof Error || answer.status !== 201) {
        failed++;
        firstError ??= answer instanceof Error ? answer.message : `${answer.status} ${answer.body.slice(0, 300)}`;
        continue;
      }
      latencies.push(answer.ms);
      ids.push((JSON.parse(answer.body) as { id: number }).id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { ids: ids.sort((a, b) => a - b), seconds, latencies, failed, firstError };
}

/**
 * `n` events of the account's codes in one INSERT … SELECT generate_series, over the last `days`
 * days up to now: codes skewed (a few hot ones), 100,000 openids, 70 % scans, 20 % follows, 10 % unfollows.
 * Inserted directly, they are not queued for the statistics (rebuild them if they are to be counted).
 */
export async function insertEvents(url: string, accountId: number, n: number, days: number) {
  const codes = Number(await scalar(url, `SELECT count(*) FROM qr_codes WHERE account_id = ${accountId}`));
  if (!codes) throw new Error("no codes to attach events to");
  await scalar(
    url,
    // session_replication_role = replica: no per-row foreign-key triggers; the keys come from the tables.
    `SET session_replication_role = replica;
     INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at)
     SELECT ${accountId}, c.ids[g.i], k.kind::"EventKind", 'o' || (random() * 99999)::int, c.scenes[g.i], now() - random() * interval '${days} days'
       FROM (SELECT array_agg(id ORDER BY id) AS ids, array_agg(COALESCE(scene_str, scene_id::text) ORDER BY id) AS scenes FROM qr_codes WHERE account_id = ${accountId}) c,
            (SELECT 1 + floor(${codes} * power(random(), 2))::int AS i, random() AS r FROM generate_series(1, ${n})) g,
            LATERAL (SELECT CASE WHEN g.r < 0.7 THEN 'scan' WHEN g.r < 0.9 THEN 'scan_subscribe' ELSE 'unfollow' END AS kind) k;
     SET session_replication_role = DEFAULT; ANALYZE events`,
  );
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** The bulk section of bench/RESULTS.md. */
export async function bulkBench({ db, admin }: { db: EmbeddedDatabase; admin: string; pgPid: number }): Promise<string> {
  const { url, secrets } = await sectionDatabase(db, admin, "qudao_bulk");
  const { disconnect } = await import("@/lib/db/client");
  const server = await startQudao(url, secrets); // bootstraps the admin and the sandbox account (stopped by cleanups if this fails)
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const marketer = (await createApiToken({ role: "marketer", name: "bench bulk" })).token;
  const analyst = (await createApiToken({ role: "analyst", name: "bench export" })).token;
  await disconnect();
  const account = (await scalar(url, "SELECT id || ' ' || time_zone FROM accounts WHERE sandbox ORDER BY id LIMIT 1")).split(" ");
  const [accountId, timeZone] = [Number(account[0]), account[1]];
  const idle = rssMb(server.pid);
  const rows: string[] = [];
  const peaks: number[] = [];

  // (a) the codes, as a script creates them
  log(`bulk: creating ${CODES} codes through POST /api/qrcodes, ${CONCURRENCY} in parallel`);
  let rss = sampleRss(server.pid);
  const created = await createCodes(server, marketer, CODES, CONCURRENCY);
  let peak = rss.stop();
  peaks.push(peak);
  if (created.failed) log(`bulk: ${created.failed} codes failed; first: ${created.firstError}`);
  const l = created.latencies;
  rows.push(
    `| (a) create ${CODES.toLocaleString("en")} codes, POST /api/qrcodes ×${CONCURRENCY} in parallel | ${created.seconds.toFixed(1)} s | ${(created.ids.length / created.seconds).toFixed(0)} codes/s; per request p50 ${percentile(l, 50).toFixed(0)} ms, p95 ${percentile(l, 95).toFixed(0)} ms, max ${(l.at(-1) ?? NaN).toFixed(0)} ms | — | ${rss.before.toFixed(0)} | ${peak.toFixed(0)} | ${created.ids.length} created${created.failed ? `, ${created.failed} FAILED` : ""} |`,
  );
  log(`bulk: ${created.ids.length} codes in ${created.seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB`);

  // (b) the ZIP of those codes: the largest size the pixel cap allows for them, and 256 px
  const biggest = Math.min(2048, Math.floor(Math.sqrt(ARCHIVE_LIMITS.maxTotalPixels / created.ids.length)));
  for (const size of [biggest, 256]) {
    log(`bulk: ZIP of ${created.ids.length} codes at ${size} px`);
    rss = sampleRss(server.pid);
    const zip = await download(server.port, `/api/qrcodes/zip?ids=${created.ids.join(",")}&size=${size}`, marketer);
    peak = rss.stop();
    peaks.push(peak);
    // The end-of-central-directory record (PK\5\6): its entry count says the archive is whole.
    const eocd = zip.tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const entries = eocd >= 0 && zip.tail.length - eocd >= 22 ? zip.tail.readUInt16LE(eocd + 10) : -1;
    const check =
      zip.status !== 200
        ? `HTTP ${zip.status}`
        : entries === created.ids.length + 1
          ? `${entries} entries (PNGs + manifest.csv)`
          : `${entries} entries — UNEXPECTED`;
    rows.push(
      `| (b) ZIP of ${created.ids.length.toLocaleString("en")} codes at ${size} px, GET /api/qrcodes/zip | ${(zip.ms / 1000).toFixed(1)} s | ${(created.ids.length / (zip.ms / 1000)).toFixed(0)} codes/s; first byte ${zip.firstByteMs.toFixed(0)} ms | ${mb(zip.bytes).toFixed(1)} | ${rss.before.toFixed(0)} | ${peak.toFixed(0)} | ${check} |`,
    );
    log(`bulk: ${mb(zip.bytes).toFixed(1)} MB in ${(zip.ms / 1000).toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB; ${check}`);
  }

  // (c) the raw events export
  log(`bulk: inserting ${EVENTS.toLocaleString("en")} events`);
  const inserted = Date.now();
  await insertEvents(url, accountId, EVENTS, EXPORT_DAYS - 1);
  const insertSeconds = (Date.now() - inserted) / 1000;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  const from = new Intl.DateTimeFormat("en-CA", { timeZone }).format(
    new Date(Date.parse(`${today}T12:00:00Z`) - (EXPORT_DAYS - 1) * 86_400_000),
  );
  log(`bulk: exporting the events from ${from} to ${today}`);
  rss = sampleRss(server.pid);
  const csv = await download(server.port, `/api/events?from=${from}&to=${today}`, analyst);
  peak = rss.stop();
  peaks.push(peak);
  const csvRows = csv.newlines - 1; // the header line
  const total = Number(csv.headers["x-total-rows"]);
  const check =
    csv.status !== 200
      ? `HTTP ${csv.status}`
      : `${csvRows.toLocaleString("en")} rows (X-Total-Rows ${total.toLocaleString("en")})${csvRows === EVENTS && total === EVENTS ? "" : " — NOT the events inserted"}`;
  rows.push(
    `| (c) events export, ${EVENTS.toLocaleString("en")} events over ${EXPORT_DAYS} days, GET /api/events (CSV) | ${(csv.ms / 1000).toFixed(1)} s | ${(csvRows / (csv.ms / 1000)).toFixed(0)} rows/s; first byte ${csv.firstByteMs.toFixed(0)} ms | ${mb(csv.bytes).toFixed(1)} | ${rss.before.toFixed(0)} | ${peak.toFixed(0)} | ${check} |`,
  );
  log(`bulk: ${csvRows} rows, ${mb(csv.bytes).toFixed(1)} MB in ${(csv.ms / 1000).toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB`);
  await server.stop();

  const worst = Math.max(...peaks);
  return [
    "## Bulk",
    "",
    `- the production server on its own database, bootstrapped with the sandbox account (codes issued by the built-in WeChat sandbox, through HTTP like a real account's); server idle RSS after start ${idle.toFixed(0)} MB`,
    `- (a) ${CODES.toLocaleString("en")} temporary codes (${CHANNELS} channels, ${CAMPAIGNS.length} campaigns, every 3rd with its own reply) with a marketer API token, ${CONCURRENCY} keep-alive senders each posting its next code when answered`,
    `- (b) the largest size ARCHIVE_LIMITS.maxTotalPixels (${ARCHIVE_LIMITS.maxTotalPixels.toLocaleString("en")}) allows for ${created.ids.length.toLocaleString("en")} codes (${biggest} px), and 256 px; (c) ${EVENTS.toLocaleString("en")} events inserted with one INSERT … SELECT generate_series in ${insertSeconds.toFixed(0)} s, exported with an analyst token`,
    "- downloads read to the end and thrown away as they arrive (bytes and lines counted); RSS of the server's process tree sampled every 100 ms from /proc",
    "",
    "| what | time | rate | size (MB) | RSS before (MB) | peak RSS (MB) | check |",
    "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ...rows,
    "",
    `SPEC §6: the server process tree stays < 300 MB RSS under the webhook load (see Webhook); exports of millions of rows and ZIPs of 1,000 codes stream in bounded memory. Measured here, in bulk work: peak ${worst.toFixed(0)} MB over all of the above (${worst < 300 ? "within" : "above"} 300 MB).`,
    "",
  ].join("\n");
}
