/**
 * SPEC §6 webhook numbers in one run, side by side: Qudao's production server (the bundle `npm start` runs)
 * against a bare node:http + pg handler and the `wechat` middleware, all on one embedded
 * PostgreSQL that this script starts and stops. See bench/README.md.
 *
 *   npx tsx bench/webhook.ts          (BENCH_SKIP_BUILD=1 reuses .next-bench)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { buildEventXml, buildPush, openReply, type AccountKeys } from "@/lib/wechat";
import { SCHEMA, type BenchConfig } from "./store";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const WARMUP_SECONDS = 3;
const DIST_DIR = ".next-bench";
const REPLY_TEXT = "欢迎关注！Thanks for scanning the bench code.";
const SCENE = "bench";

type Account = AccountKeys & { id: number };
type Item = { path: string; body: Buffer };
type Answer = { status: number; body: string; reused: boolean };
type Target = { port: number; pid: number; stop: () => Promise<void> };

// ---------------------------------------------------------------- cleanup, whatever happens

const cleanups: (() => Promise<void> | void)[] = [];
const children = new Set<ChildProcess>();
async function cleanUp() {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch((e) => console.error("cleanup:", e));
}
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- the contenders' processes

function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

async function startServer(name: string, args: string[], env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  cleanups.push(() => stopChild(child));
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
    if (process.env.BENCH_VERBOSE) process.stderr.write(d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { port, pid: child.pid!, stop: () => stopChild(child) };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy:\n${output}`);
}

/** `npm run build` into its own folder; puts back the tsconfig.json lines Next adds for that folder. */
function buildQudao() {
  if (process.env.BENCH_SKIP_BUILD && existsSync(path.join(DIST_DIR, "qudao-server.mjs"))) return log(`reusing ${DIST_DIR}`);
  log(`building Qudao into ${DIST_DIR} …`);
  const before = readFileSync("tsconfig.json", "utf8");
  try {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
      stdio: ["ignore", 2, 2],
    });
  } finally {
    const after = readFileSync("tsconfig.json", "utf8");
    const undone = after.replace(/,\n\s*"\.next-bench\/types\/\*\*\/\*\.ts",\n\s*"\.next-bench\/dev\/types\/\*\*\/\*\.ts"/, "");
    if (after !== before && undone === before) writeFileSync("tsconfig.json", before);
  }
}

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
      { host: "127.0.0.1", port, path: item.path, method: "POST", agent, headers: { "content-type": "text/xml", "content-length": item.body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), reused: req.reusedSocket }));
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
            (a) => (latencies.push(performance.now() - sent), count(tally, a)),
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
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { ...tally, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? NaN };
}

/** A process and all its descendants. */
function tree(pid: number): number[] {
  const pids: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    pids.push(p);
    try {
      for (const task of readdirSync(`/proc/${p}/task`))
        stack.push(...readFileSync(`/proc/${p}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

const ownRssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
/** (c) VmRSS of a process tree, in MB. */
const rssMb = (pid: number) => tree(pid).reduce((mb, p) => mb + ownRssMb(p), 0);

/** CPU time of a process tree (user + system, reaped children included), in ms. */
const cpuMs = (pid: number) =>
  tree(pid).reduce((ms, p) => {
    const f = read(`/proc/${p}/stat`).split(") ")[1]?.split(" ") ?? [];
    return ms + [11, 12, 13, 14].reduce((t, i) => t + Number(f[i] ?? 0), 0) * 10; // USER_HZ = 100
  }, 0);

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

async function measure(name: string, target: Target, pgPid: number, accounts: Account[], countRows: () => Promise<number>) {
  log(`${name}: warming up`);
  let answered = await checkReplies(target, accounts);
  const warm = await closedLoop(target, prebuild(accounts, 20_000), WARMUP_SECONDS, CONCURRENCY);
  answered += warm.ok;

  log(`${name}: closed loop, ${CONCURRENCY} senders, ${SECONDS} s`);
  const saturating = prebuild(accounts, 12_000 * SECONDS);
  const closed = await observe(target.pid, pgPid, () => closedLoop(target, saturating, SECONDS, CONCURRENCY));
  answered += closed.ok;

  await new Promise((r) => setTimeout(r, 1000)); // let the backlog drain before the open loop
  log(`${name}: open loop, ${RATE}/s, ${SECONDS} s`);
  const steady = prebuild(accounts, RATE * SECONDS);
  const open = await observe(target.pid, pgPid, () => openLoop(target, steady, RATE));
  const processes = tree(target.pid).map((p) => `${p} ${read(`/proc/${p}/comm`).trim()} ${ownRssMb(p).toFixed(0)} MB`);
  log(`${name}: server processes after the open loop: ${processes.join(", ")}`);
  answered += open.ok;

  const rows = await countRows();
  const failed = warm.failed + closed.failed + open.failed;
  const firstError = warm.firstError ?? closed.firstError ?? open.firstError;
  log(`${name}: TCP connections opened: ${closed.connections} saturated, ${open.connections} at ${RATE}/s`);
  log(`${name}: ${closed.perSecond.toFixed(0)}/s; p50 ${open.p50.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms at ${RATE}/s`);
  log(`${name}: rows recorded ${rows}, 200 answers ${answered}, failed ${failed}${rows === answered ? " — match" : " — MISMATCH"}`);
  if (firstError) log(`${name}: first failure: ${firstError}`);
  return { name, closed, open, rows, answered, failed };
}

// ---------------------------------------------------------------- setup and report

/** Runs SQL on its own connection; returns the first column of the last result's first row. */
async function scalar(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = [await client.query({ text: sql, rowMode: "array" })].flat();
    return String(results.at(-1)?.rows[0]?.[0] ?? "");
  } finally {
    await client.end();
  }
}

/** Qudao's own setup: migrations, one plain and one safe account, a code with a text reply on each. */
async function seedQudao(url: string): Promise<Account[]> {
  Object.assign(process.env, { DATABASE_URL: url });
  await applyMigrations(url, path.resolve("prisma/migrations"));
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { reserveQrCode, activateQrCode } = await import("@/lib/db/qrcodes");
  const { randomEncodingAesKey } = await import("@/lib/bootstrap");
  const { disconnect } = await import("@/lib/db/client");
  const accounts: Account[] = [];
  for (const mode of ["plain", "safe"] as const) {
    const record = await upsertAccount({
      appId: `wxbench${mode}0000`,
      name: `Bench ${mode}`,
      appSecret: randomBytes(16).toString("hex"),
      token: randomBytes(12).toString("hex"),
      encodingAesKey: mode === "safe" ? randomEncodingAesKey() : null,
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

type Result = Awaited<ReturnType<typeof measure>>;

function report(results: Result[], machine: string[]): string {
  const [qudao, bare, mw] = results;
  if (!bare || !mw) return results.map((r) => `${r.name}: ${r.closed.perSecond.toFixed(0)}/s, p99 ${r.open.p99.toFixed(1)} ms, CPU ${r.closed.cpu.server.toFixed(2)} / ${r.closed.cpu.database.toFixed(2)} / ${r.closed.cpu.client.toFixed(2)}, RSS ${r.closed.maxRssMb.toFixed(0)} MB`).join("\n") + "\n";
  const ratio = (a?: Result, b?: Result) => (a && b ? `${(a.closed.perSecond / b.closed.perSecond).toFixed(2)}×` : "n/a");
  const cpu = ({ closed: { cpu: c } }: Result) => `${c.server.toFixed(2)} / ${c.database.toFixed(2)} / ${c.client.toFixed(2)}`;
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.closed.perSecond.toFixed(0)}${r.closed.exhausted ? " (pool exhausted)" : ""} | ${r.open.p50.toFixed(1)} | ${r.open.p99.toFixed(1)} | ${r.open.maxRssMb.toFixed(0)} | ${r.closed.maxRssMb.toFixed(0)} | ${cpu(r)} | ${r.rows} / ${r.answered}${r.failed ? `, ${r.failed} failed` : ""} |`,
  );
  return [
    `# Webhook benchmark, ${new Date().toISOString()}`,
    "",
    ...machine.map((m) => `- ${m}`),
    `- load: (a) closed loop, ${CONCURRENCY} keep-alive senders, ${SECONDS} s; (b) open loop ${RATE} events/s for ${SECONDS} s; each after a ${WARMUP_SECONDS} s warm-up; every event a distinct subscribe-with-scene, half plain, half safe mode`,
    "",
    `| contender | throughput (events/s) | p50 at ${RATE}/s (ms) | p99 at ${RATE}/s (ms) | max RSS at ${RATE}/s (MB) | max RSS saturated (MB) | CPU ms per event, saturated: server / PostgreSQL / load generator | rows / 200 answers |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
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

async function main() {
  buildQudao();

  const root = mkdtempSync(path.join(os.tmpdir(), "qudao-bench-"));
  chmodSync(root, 0o755); // PostgreSQL runs as the postgres user when we are root
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  log("starting the embedded PostgreSQL");
  const db = await startEmbeddedPostgres({ dir: path.join(root, "postgres"), password: randomBytes(12).toString("hex"), database: "qudao_bench" });
  cleanups.push(() => db.stop());
  const admin = db.adminUrl("postgres");
  const pgPid = Number(readFileSync(path.join(root, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);

  const secrets = { ENCRYPTION_KEY: randomBytes(24).toString("hex"), NEXTAUTH_SECRET: randomBytes(24).toString("hex") };
  Object.assign(process.env, secrets);
  const accounts = await seedQudao(db.url);
  const ids = accounts.map((a) => a.id).join(",");
  const config = JSON.stringify({ accounts, replyText: REPLY_TEXT } satisfies BenchConfig);

  // One contender at a time, each stopped before the next starts.
  const contenders = [
    {
      name: "Qudao",
      database: "qudao_bench",
      // e.g. BENCH_QUDAO_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (see README).
      args: [...(process.env.BENCH_QUDAO_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), path.join(DIST_DIR, "qudao-server.mjs")],
      env: { ...secrets, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR, HOST: "127.0.0.1" },
      rows: `SELECT count(*) FROM events WHERE account_id IN (${ids})`,
    },
    { name: "bare node:http + pg", database: "bare_bench", args: ["--import", "tsx", "bench/bare-handler.ts"], env: {} },
    { name: "wechat middleware 2.1.0", database: "wechat_bench", args: ["--import", "tsx", "bench/wechat-handler.ts"], env: {} },
  ];
  const results: Result[] = [];
  // BENCH_ONLY=Qudao (a name's start) runs one contender, for quick comparisons while tuning.
  for (const c of contenders.filter((c) => !process.env.BENCH_ONLY || c.name.startsWith(process.env.BENCH_ONLY))) {
    const url = db.adminUrl(c.database);
    if (c.database !== "qudao_bench") {
      await scalar(admin, `CREATE DATABASE ${c.database}`);
      await scalar(url, SCHEMA);
    }
    const server = await startServer(c.name, c.args, { ...c.env, DATABASE_URL: url, BENCH_CONFIG: config });
    results.push(await measure(c.name, server, pgPid, accounts, async () => Number(await scalar(url, c.rows ?? "SELECT count(*) FROM events"))));
    await server.stop();
  }

  const machine = [
    `machine: ${os.availableParallelism()} CPUs (nproc), ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}; ${await scalar(admin, "SELECT split_part(version(), ' on ', 1)")} (embedded, same server for all, own database each)`,
    "server, load generator and database share the machine",
  ];
  const table = report(results, machine);
  process.stdout.write(table);
  const file = path.join("bench", "results", `webhook-${new Date().toISOString().slice(0, 10)}.md`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, table);
  log(`written to ${file}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
