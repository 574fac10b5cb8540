/**
 * SPEC §6 webhook numbers in one run, side by side: Qudao's production server (the bundle `npm start`
 * runs) against a bare node:http + pg handler and the `wechat` middleware, on one embedded
 * PostgreSQL, each with its own database. Part of `npm run bench` (bench/run.ts); see bench/README.md.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { applyMigrations } from "@/lib/db/migrate";
import type { EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { buildEventXml, buildPush, openReply, type AccountKeys } from "@/lib/wechat";
import { SCHEMA, type BenchConfig } from "./store";
import { cpuMs, log, ownRssMb, percentile, read, rssMb, scalar, startQudao, startServer, tree, type Target } from "./harness";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const WARMUP_SECONDS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPLY_TEXT = "欢迎关注！Thanks for scanning the bench code.";
const SCENE = "bench";

type Account = AccountKeys & { id: number };
type Item = { path: string; body: Buffer };
type Answer = { status: number; body: string; reused: boolean };

// ---------------------------------------------------------------- load

/** Distinct subscribe-with-scene pushes (one new follower each), alternating the accounts. */
let serial = 0;
function prebuild(accounts: Account[], n: number): Item[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const account = accounts[i % accounts.length];
    const xml = buildEventXml({
      toUser: "gh_bench000000",
      fromUser: `oBench_${process.pid}_${++serial}`,
      createTime: now - (serial % 600),
      event: "subscribe",
      eventKey: `qrscene_${SCENE}`,
    });
    const push = buildPush(account, xml);
    return { path: `/api/wechat/${account.appId}?${push.query}`, body: Buffer.from(push.body) };
  });
}

function post(agent: http.Agent, port: number, item: Item): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: item.path,
        method: "POST",
        agent,
        headers: { "content-type": "text/xml", "content-length": item.body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), reused: req.reusedSocket }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(item.body);
  });
}

type Tally = { ok: number; failed: number; connections: number; firstError?: string };
function count(tally: Tally, answer: Answer | Error) {
  if (!(answer instanceof Error) && !answer.reused) tally.connections++;
  if (!(answer instanceof Error) && answer.status === 200 && answer.body.length > 0) return void tally.ok++;
  tally.failed++;
  tally.firstError ??= answer instanceof Error ? answer.message : `${answer.status} ${answer.body.slice(0, 200)}`;
}

/** (a) `concurrency` senders, each sending its next push as soon as the previous is answered. */
async function closedLoop(target: Target, items: Item[], seconds: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const tally: Tally = { ok: 0, failed: 0, connections: 0 };
  let next = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end && next < items.length)
      count(tally, await post(agent, target.port, items[next++]).catch((e: Error) => e));
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { ...tally, perSecond: tally.ok / elapsed, exhausted: next >= items.length };
}

/** (b) one push every 1/rate s whether or not earlier ones were answered; latency from its due time. */
async function openLoop(target: Target, items: Item[], rate: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const tally: Tally = { ok: 0, failed: 0, connections: 0 };
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      for (let due = start + (i * 1000) / rate; i < items.length && due <= performance.now(); due = start + (i * 1000) / rate) {
        const sent = due;
        inFlight.push(
          post(agent, target.port, items[i++]).then(
            (a) => {
              latencies.push(performance.now() - sent);
              count(tally, a);
            },
            (e: Error) => count(tally, e),
          ),
        );
      }
      if (i < items.length) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { ...tally, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
}

/** Runs a load phase while sampling the server's RSS and counting where CPU time went. */
async function observe<T extends { ok: number }>(server: number, database: number, run: () => Promise<T>) {
  let maxRssMb = rssMb(server);
  const timer = setInterval(() => (maxRssMb = Math.max(maxRssMb, rssMb(server))), 100);
  const before = { server: cpuMs(server), database: cpuMs(database), client: process.cpuUsage() };
  try {
    const result = await run();
    const client = process.cpuUsage(before.client);
    const perEvent = (ms: number) => ms / Math.max(1, result.ok);
    return {
      ...result,
      maxRssMb: Math.max(maxRssMb, rssMb(server)),
      cpu: {
        server: perEvent(cpuMs(server) - before.server),
        database: perEvent(cpuMs(database) - before.database),
        client: perEvent((client.user + client.system) / 1000),
      },
    };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------- one contender, start to stop

/** The reply must be the code's text, sealed the way the account's mode wants it. */
async function checkReplies(target: Target, accounts: Account[]) {
  const agent = new http.Agent({ keepAlive: false });
  for (const [i, item] of prebuild(accounts, accounts.length).entries()) {
    const account = accounts[i];
    const answer = await post(agent, target.port, item);
    const reply = answer.status === 200 ? openReply(account, answer.body, account.mode !== "plain") : null;
    if (!reply || typeof reply === "string" || reply.Content !== REPLY_TEXT)
      throw new Error(`unexpected reply (${account.mode}): ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return accounts.length;
}

/** Waits (up to 15 s) until the server and PostgreSQL have been nearly idle for 250 ms: no earlier work spills into a measurement. */
async function quiet(target: Target, pgPid: number) {
  const busy = () => cpuMs(target.pid) + cpuMs(pgPid);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    const before = busy();
    await new Promise((r) => setTimeout(r, 250));
    if (busy() - before < 10) return;
  }
}

type Contender = { name: string; target: Target; countRows: () => Promise<number> };
type Closed = Awaited<ReturnType<typeof saturate>>;

const cpuText = ({ cpu: c }: Closed) => `${c.server.toFixed(2)} / ${c.database.toFixed(2)} / ${c.client.toFixed(2)}`;
const roundsText = (rates: number[]) => rates.map((n) => n.toFixed(0)).join(" / ");

async function warmUp(c: Contender, accounts: Account[]) {
  log(`${c.name}: warming up`);
  const answered = await checkReplies(c.target, accounts);
  const warm = await closedLoop(c.target, prebuild(accounts, 20_000), WARMUP_SECONDS, CONCURRENCY);
  return { answered: answered + warm.ok, failed: warm.failed, firstError: warm.firstError };
}

function saturate(c: Contender, pgPid: number, accounts: Account[]) {
  const items = prebuild(accounts, 12_000 * SECONDS);
  return observe(c.target.pid, pgPid, () => closedLoop(c.target, items, SECONDS, CONCURRENCY));
}

async function steady(c: Contender, pgPid: number, accounts: Account[]) {
  log(`${c.name}: open loop, ${RATE}/s, ${SECONDS} s`);
  const open = await observe(c.target.pid, pgPid, () => openLoop(c.target, prebuild(accounts, RATE * SECONDS), RATE));
  const processes = tree(c.target.pid).map((p) => `${p} ${read(`/proc/${p}/comm`).trim()} ${ownRssMb(p).toFixed(0)} MB`);
  log(`${c.name}: server processes after the open loop: ${processes.join(", ")}`);
  return open;
}

/**
 * Every contender runs at once (idle but for its turn) and the saturated rounds alternate between
 * them, in a rotating order, each after the machine has gone quiet: a slow minute on a shared host
 * then falls on every contender instead of on one. A contender's throughput is its median round.
 */
async function measureAll(contenders: Contender[], pgPid: number, accounts: Account[]) {
  const warm = [];
  for (const c of contenders) warm.push(await warmUp(c, accounts));
  const rounds: Closed[][] = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (r + k) % contenders.length;
      await quiet(contenders[i].target, pgPid);
      log(`${contenders[i].name}: round ${r + 1} of ${ROUNDS}, closed loop, ${CONCURRENCY} senders, ${SECONDS} s`);
      const closed = await saturate(contenders[i], pgPid, accounts);
      log(`${contenders[i].name}: ${closed.perSecond.toFixed(0)}/s; CPU ms per event ${cpuText(closed)}`);
      rounds[i].push(closed);
    }
  }
  const results = [];
  for (const [i, c] of contenders.entries()) {
    await quiet(c.target, pgPid);
    const open = await steady(c, pgPid, accounts);
    const byRate = [...rounds[i]].sort((a, b) => a.perSecond - b.perSecond);
    const closed = byRate[Math.floor((byRate.length - 1) / 2)];
    const answered = warm[i].answered + rounds[i].reduce((n, r) => n + r.ok, 0) + open.ok;
    const failed = warm[i].failed + rounds[i].reduce((n, r) => n + r.failed, 0) + open.failed;
    const firstError = warm[i].firstError ?? rounds[i].find((r) => r.firstError)?.firstError ?? open.firstError;
    const maxRssMb = Math.max(...rounds[i].map((r) => r.maxRssMb));
    const rows = await c.countRows();
    log(
      `${c.name}: rounds ${roundsText(rounds[i].map((r) => r.perSecond))}/s; p50 ${open.p50.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms at ${RATE}/s`,
    );
    log(
      `${c.name}: rows recorded ${rows}, 200 answers ${answered}, failed ${failed}${rows === answered ? " — match" : " — MISMATCH"}`,
    );
    if (firstError) log(`${c.name}: first failure: ${firstError}`);
    results.push({
      name: c.name,
      closed: { ...closed, maxRssMb },
      rounds: rounds[i].map((r) => r.perSecond),
      open,
      rows,
      answered,
      failed,
    });
  }
  return results;
}

// ---------------------------------------------------------------- setup and report

/** Qudao's own setup: migrations, one plain and one safe account, a code with a text reply on each. */
async function seedQudao(url: string): Promise<Account[]> {
  Object.assign(process.env, { DATABASE_URL: url });
  await applyMigrations(url, path.resolve("prisma/migrations"));
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { reserveQrCode, activateQrCode } = await import("@/lib/db/qrcodes");
  const { generateEncodingAesKey } = await import("@/lib/wechat");
  const { disconnect } = await import("@/lib/db/client");
  const accounts: Account[] = [];
  for (const mode of ["plain", "safe"] as const) {
    const record = await upsertAccount({
      appId: `wxbench${mode}0000`,
      name: `Bench ${mode}`,
      appSecret: randomBytes(16).toString("hex"),
      token: randomBytes(12).toString("hex"),
      encodingAesKey: mode === "safe" ? generateEncodingAesKey() : null,
      mode,
      sandbox: true,
    });
    const code = await reserveQrCode({
      accountId: record.id,
      name: "bench",
      channel: "bench",
      kind: "permanent",
      sceneStr: SCENE,
      reply: { type: "text", content: REPLY_TEXT },
    });
    await activateQrCode(code.id, { ticket: `ticket-${mode}`, url: `http://weixin.qq.com/q/bench-${mode}`, expireSeconds: null });
    accounts.push({ id: record.id, appId: record.appId, token: record.token, encodingAesKey: record.encodingAesKey, mode });
  }
  await disconnect();
  return accounts;
}

type Result = Awaited<ReturnType<typeof measureAll>>[number];

function report(results: Result[]): string {
  const [qudao, bare, mw] = results;
  if (!bare || !mw)
    return `${results.map((r) => `${r.name}: ${r.closed.perSecond.toFixed(0)}/s (rounds ${roundsText(r.rounds)}), p99 ${r.open.p99.toFixed(1)} ms, CPU ${cpuText(r.closed)}, RSS ${r.closed.maxRssMb.toFixed(0)} MB`).join("\n")}\n`;
  const ratio = (a?: Result, b?: Result) => (a && b ? `${(a.closed.perSecond / b.closed.perSecond).toFixed(2)}×` : "n/a");
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.closed.perSecond.toFixed(0)}${r.closed.exhausted ? " (pool exhausted)" : ""} | ${roundsText(r.rounds)} | ${r.open.p50.toFixed(1)} | ${r.open.p99.toFixed(1)} | ${r.open.maxRssMb.toFixed(0)} | ${r.closed.maxRssMb.toFixed(0)} | ${cpuText(r.closed)} | ${r.rows} / ${r.answered}${r.failed ? `, ${r.failed} failed` : ""} |`,
  );
  return [
    "## Webhook",
    "",
    `- load: (a) closed loop, ${CONCURRENCY} keep-alive senders, ${SECONDS} s, ${ROUNDS} rounds per contender taken in turns (a rotating order, each once server and PostgreSQL are idle; all contenders running throughout, each warmed up ${WARMUP_SECONDS} s first); (b) then open loop ${RATE} events/s for ${SECONDS} s; every event a distinct subscribe-with-scene, half plain, half safe mode`,
    "- throughput is a contender's median round; CPU and RSS are from that round (RSS: the highest of its rounds)",
    "",
    `| contender | throughput (events/s), median round | rounds (events/s) | p50 at ${RATE}/s (ms) | p99 at ${RATE}/s (ms) | max RSS at ${RATE}/s (MB) | max RSS saturated (MB) | CPU ms per event, saturated: server / PostgreSQL / load generator | rows / 200 answers |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows,
    "",
    "| SPEC §6 | target | measured |",
    "| --- | --- | --- |",
    `| Qudao / wechat middleware throughput | ≥ 1.5× | ${ratio(qudao, mw)} |`,
    `| Qudao / bare node:http + pg throughput | ≥ 1.0× | ${ratio(qudao, bare)} |`,
    `| Qudao p99 at ${RATE}/s | < 50 ms | ${qudao.open.p99.toFixed(1)} ms |`,
    `| Qudao max RSS under webhook load | < 300 MB | ${Math.max(qudao.open.maxRssMb, qudao.closed.maxRssMb).toFixed(0)} MB |`,
    "",
  ].join("\n");
}

/** The webhook section of bench/RESULTS.md. */
export async function webhookBench({
  db,
  admin,
  pgPid,
}: {
  db: EmbeddedDatabase;
  admin: string;
  pgPid: number;
}): Promise<string> {
  const secrets = { ENCRYPTION_KEY: randomBytes(24).toString("hex"), NEXTAUTH_SECRET: randomBytes(24).toString("hex") };
  Object.assign(process.env, secrets);
  await scalar(admin, "CREATE DATABASE qudao_webhook");
  const qudaoUrl = db.adminUrl("qudao_webhook");
  const accounts = await seedQudao(qudaoUrl);
  const ids = accounts.map((a) => a.id).join(",");
  const config = JSON.stringify({ accounts, replyText: REPLY_TEXT } satisfies BenchConfig);

  const contenders: { name: string; start: (url: string) => Promise<Target>; database: string; rows?: string }[] = [
    {
      name: "Qudao",
      database: "qudao_webhook",
      start: (url) => startQudao(url, secrets),
      rows: `SELECT count(*) FROM events WHERE account_id IN (${ids})`,
    },
    {
      name: "bare node:http + pg",
      database: "bare_webhook",
      start: (url) =>
        startServer("bare", ["--import", "tsx", "bench/bare-handler.ts"], { DATABASE_URL: url, BENCH_CONFIG: config }),
    },
    {
      name: "wechat middleware 2.1.0",
      database: "wechat_webhook",
      start: (url) =>
        startServer("wechat", ["--import", "tsx", "bench/wechat-handler.ts"], { DATABASE_URL: url, BENCH_CONFIG: config }),
    },
  ];
  // BENCH_ONLY=Qudao,bare (names' starts) runs some contenders, for quick comparisons while tuning.
  const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
  const running: Contender[] = [];
  for (const c of contenders.filter((c) => !only || only.some((o) => c.name.startsWith(o)))) {
    const url = db.adminUrl(c.database);
    if (c.database !== "qudao_webhook") {
      await scalar(admin, `CREATE DATABASE ${c.database}`);
      await scalar(url, SCHEMA);
    }
    running.push({
      name: c.name,
      target: await c.start(url),
      countRows: async () => Number(await scalar(url, c.rows ?? "SELECT count(*) FROM events")),
    });
  }
  try {
    return report(await measureAll(running, pgPid, accounts));
  } finally {
    for (const c of running) await c.target.stop();
  }
}
