import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { startApp, type RunningApp } from "../helpers/app";
import { createApiTokens, stopApp } from "../helpers/app-with-tokens";
import { api, push } from "../helpers/wechat-peer";
import { seedActiveCode } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";
import { rawRequest, type RawAnswer } from "../helpers/raw-request";
import { TableFingerprint } from "../helpers/table-fingerprint";
import { hostileCorpus, type CorpusWorld, type HostileCase } from "../fixtures/hostile";
import { bodyBytes, describeBody } from "../fixtures/hostile/generators";
import { buildEventXml, buildPush, generateEncodingAesKey } from "@/lib/wechat";
import { USER_ROLES, type Role } from "@/lib/access/roles";

// Issue 8, point 3: the hostile corpus (test/fixtures/hostile) against one running app. Every case
// gets its expected 4xx (never a 5xx) with a short error and no stack trace, leaves no stack trace
// in the server's log, writes nothing (every table's fingerprint), and /api/health keeps answering
// within HOSTILE_HEALTH_MS (default 500) while it runs. Legal payloads are stored and read back.
// The bound is for a blocked event loop (the 30000×30000 PNG held every request for 40 s), not a
// timing: on CI's two loaded cores, with four cases at once, a healthy server answers within ~300 ms, and took 501 ms once on a slow day; a hung one does not answer at all.

const HEALTH_BOUND_MS = Number(process.env.HOSTILE_HEALTH_MS ?? 1500);
const STACK_TRACE = /^\s*at .+:\d+:\d+\)?\s*$|\n\s+at [^\n]+:\d+:\d+/m;

let app: RunningApp;
let world: CorpusWorld;
let fingerprint: TableFingerprint;
const principals = new Map<string, Record<string, string>>();

before(async () => {
  app = await startApp();
  const { upsertAccount, listAccounts } = await import("@/lib/db/accounts");
  const { createUser } = await import("@/lib/db/users");
  const { createApiToken, revokeApiToken } = await import("@/lib/db/api-tokens");

  const webhookAccount = async (mode: "plain" | "safe") => {
    const keys = {
      appId: `wx_hostile_${mode}`,
      token: `hostile${mode}token`,
      encodingAesKey: mode === "plain" ? null : generateEncodingAesKey(),
      mode,
    };
    const account = await upsertAccount({
      ...keys,
      name: `hostile ${mode}`,
      appSecret: "secret",
      originalId: `gh_hostile_${mode}`,
    });
    return { ...keys, id: account.id, originalId: `gh_hostile_${mode}` };
  };
  const plain = await webhookAccount("plain");
  const safe = await webhookAccount("safe");
  await seedActiveCode({ accountId: plain.id, channel: "poster", name: "hostile", sceneStr: "hostile-1", reply: "hello" });
  const spare = await upsertAccount({
    appId: "wx_hostile_spare",
    name: "spare",
    appSecret: "secret",
    token: "sparetoken",
    encodingAesKey: null,
    mode: "plain",
  });
  const sandbox = (await listAccounts()).find((a) => a.sandbox);
  assert.ok(sandbox, "bootstrap made a sandbox account");

  const tokens = await createApiTokens(Object.fromEntries(USER_ROLES.map((r) => [r, `hostile ${r}`])) as Record<Role, string>);
  for (const role of USER_ROLES) {
    principals.set(`token:${role}`, { authorization: `Bearer ${tokens[role]}` });
    const email = `hostile-${role}@example.com`;
    await createUser({ email, name: role, role, password: "correct-horse-battery" });
    principals.set(role, { cookie: await signIn(app.baseUrl, email, "correct-horse-battery"), origin: app.baseUrl });
  }
  const spareUser = await createUser({
    email: "hostile-spare@example.com",
    name: "spare",
    role: "analyst",
    password: "correct-horse-battery",
  });
  const spareToken = await createApiToken({ name: "spare", role: "analyst" });
  const revoked = await createApiToken({ name: "revoked", role: "admin" });
  await revokeApiToken(revoked.record.id);

  const created = await api(app.baseUrl, tokens.admin, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "hostile target",
      channel: "hostile",
      kind: "temporary",
      accountId: sandbox.id,
      reply: { type: "text", content: "hi" },
    }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  const recorded = buildPush(
    plain,
    buildEventXml({
      toUser: plain.originalId,
      fromUser: "o_recorded",
      createTime: Math.floor(Date.now() / 1000),
      event: "subscribe",
      eventKey: "qrscene_hostile-1",
      ticket: "t",
    }),
  );
  const first = await fetch(`${app.baseUrl}/api/wechat/${plain.appId}?${recorded.query}`, {
    method: "POST",
    body: recorded.body,
  });
  assert.equal(first.status, 200);
  await push(app.baseUrl, plain, { openid: "o_warm", event: "subscribe" }); // the directory is warm

  world = {
    plain,
    safe,
    sandboxAccountId: sandbox.id,
    codeId: created.body.id,
    spareAccountId: spare.id,
    spareUserId: spareUser.id,
    spareTokenId: spareToken.record.id,
    plainScene: "hostile-1",
    recordedPush: { query: recorded.query.toString(), body: recorded.body },
    revokedToken: revoked.token,
    baseUrl: app.baseUrl,
  };
  fingerprint = await TableFingerprint.open(app.databaseUrl, { api_tokens: ["last_used_at"] });
});

after(async () => {
  await fingerprint?.close();
  await stopApp(app);
});

/** Waits until the statistics have folded what an earlier write queued (it lands later, in the background). */
async function settled(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await fingerprint.count("stats_queue")) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Probes /api/health back to back until `done` settles; the slowest answer in ms. */
async function healthWhile(done: Promise<unknown>): Promise<number> {
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  let worst = 0;
  do {
    const started = performance.now();
    const res = await fetch(`${app.baseUrl}/api/health`);
    await res.arrayBuffer();
    worst = Math.max(worst, performance.now() - started);
    if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
  } while (!finished);
  return worst;
}

function checkAnswer(c: HostileCase, res: RawAnswer): void {
  const text = res.body.toString("utf8");
  const where = `${c.request.method} ${c.request.path.slice(0, 120)} (${describeBody(c.request.body)}) → ${res.status} ${text.slice(0, 300)}`;
  assert.ok(res.status < 500, `a server error: ${where}`);
  if (c.expect.status === "4xx") assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx: ${where}`);
  else assert.equal(res.status, c.expect.status, where);
  assert.doesNotMatch(text, STACK_TRACE, `a stack trace in the answer: ${where}`);
  if (res.status < 400) return;
  const type = String(res.headers["content-type"] ?? "");
  if (c.surface === "webhook") {
    // Next answers a method it has no handler for (405) with an empty body.
    if (text.length > 0 || res.status !== 405) assert.match(type, /^text\/plain/, where);
    assert.ok(
      text.length <= 300 && (text.length > 0 || res.status === 405),
      `the webhook's refusal is a short sentence: ${where}`,
    );
  } else if (c.surface === "api") {
    assert.match(type, /json/, where);
    const error = JSON.parse(text).error;
    assert.equal(typeof error?.code, "string", where);
    assert.ok(typeof error?.message === "string" && error.message.length > 0 && error.message.length <= 500, where);
    if (c.expect.code) assert.equal(error.code, c.expect.code, where);
  }
}

async function checkStored(c: HostileCase, res: RawAnswer): Promise<void> {
  const stored = c.expect.stored;
  if (!stored || stored === true) return;
  const answer = JSON.parse(res.body.toString("utf8"));
  const read = await api(app.baseUrl, principals.get("token:admin")!.authorization!.slice(7), stored.readPath(answer));
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.deepEqual(stored.pick(read.body, answer), stored.equals, "read back verbatim");
}

const worstHealth: { ms: number; name: string }[] = [];
const BATCH_SIZE = 4;

/**
 * Consecutive cases that write nothing and send a small body share a batch. Generated bodies
 * (bombs, huge or deep ones) and legal writes go alone: a batch of creations (a ticket and an
 * image each, or a password hash) would be timing /api/health against the machine's two cores.
 */
function batches(corpus: HostileCase[]): HostileCase[][] {
  const kind = (c: HostileCase) => {
    if (c.request.body !== undefined && "generate" in c.request.body) return null;
    return c.expect.stored ? null : "writes nothing";
  };
  const out: HostileCase[][] = [];
  let open: HostileCase[] = [];
  let openKind: string | null = null;
  for (const c of corpus) {
    const k = kind(c);
    if (k === null || k !== openKind || open.length === BATCH_SIZE) {
      if (open.length) out.push(open);
      open = [];
    }
    openKind = k;
    if (k === null) out.push([c]);
    else open.push(c);
  }
  if (open.length) out.push(open);
  return out;
}

/** One case: its request, its answer checked, a legal write read back. */
async function send(c: HostileCase): Promise<void> {
  const body = c.request.body ? bodyBytes(c.request.body) : undefined;
  const who = typeof c.as === "object" ? c.as.header : c.as === "none" ? {} : principals.get(c.as)!;
  const headers = { ...who, ...c.request.headers };
  const res = await rawRequest(app.baseUrl, c.request.method, c.request.path, headers, body).catch((error: Error) => {
    if (c.expect.orCut && /ECONNRESET|EPIPE|socket hang up/.test(error.message)) return null;
    throw error;
  });
  if (!res) return;
  checkAnswer(c, res);
  await checkStored(c, res);
}

/** The case of a batch that writes, found by sending them again one at a time. */
async function pinWrite(batch: HostileCase[]): Promise<string> {
  for (const c of batch) {
    await settled();
    const before = await fingerprint.take();
    await send(c).catch(() => {});
    if (TableFingerprint.changed(before, await fingerprint.take()).length > 0) return c.name;
  }
  return `one of ${batch.map((c) => c.name).join(", ")}`;
}

test("the hostile corpus: a clear 4xx, nothing written, no stack trace, /api/health answering", async (t) => {
  const corpus = hostileCorpus(world);
  const families = new Map<string, number>();
  for (const c of corpus) families.set(c.family, (families.get(c.family) ?? 0) + 1);
  t.diagnostic(`${corpus.length} cases in ${families.size} families: ${[...families].map(([f, n]) => `${f} ${n}`).join(", ")}`);
  const started = performance.now();

  // Cases run in batches of up to BATCH_SIZE at once (see batches); one fingerprint around a batch
  // that must write nothing (a write found is pinned on its case by re-running them one by one).
  // The fingerprint after a batch that wrote nothing is the next batch's "before".
  let last: Record<string, string> | null = null;
  for (const batch of batches(corpus)) {
    const logFrom = app.output().length;
    const [first] = batch;
    const label = batch.length === 1 ? first!.name : `${first!.family}: ${batch.length} cases from ${first!.name}`;
    await t.test(label, async () => {
      const before = first!.expect.stored ? null : (last ?? (await settled().then(() => fingerprint.take())));
      last = null;
      const done = Promise.allSettled(batch.map((c) => send(c)));
      const [outcomes, health] = await Promise.all([done, healthWhile(done)]);
      worstHealth.push({ ms: health, name: label });
      const failures = outcomes.flatMap((o, i) =>
        o.status === "rejected" ? [`${batch[i]!.name}: ${o.reason?.message ?? o.reason}`] : [],
      );
      assert.deepEqual(failures, [], "every case answered as expected");
      if (before) {
        const after = await fingerprint.take();
        const changed = TableFingerprint.changed(before, after);
        if (changed.length > 0) assert.fail(`${await pinWrite(batch)} wrote: ${changed.join("; ")}`);
        last = after;
      }
      const log = app.output().slice(logFrom);
      assert.doesNotMatch(log, STACK_TRACE, `a stack trace in the server's log:\n${log.slice(0, 2000)}`);
      assert.ok(health <= HEALTH_BOUND_MS, `/api/health took ${health.toFixed(0)} ms (bound ${HEALTH_BOUND_MS} ms)`);
    });
  }

  worstHealth.sort((a, b) => b.ms - a.ms);
  const [worst] = worstHealth;
  t.diagnostic(
    `ran ${corpus.length} cases in ${batches(corpus).length} batches in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  t.diagnostic(
    `/api/health worst ${worst?.ms.toFixed(0)} ms (${worst?.name}); median of the per-case worst ${worstHealth[worstHealth.length >> 1]?.ms.toFixed(0)} ms`,
  );
  t.diagnostic(
    `slowest health: ${worstHealth
      .slice(1, 5)
      .map((w) => `${w.ms.toFixed(0)} ms ${w.name}`)
      .join("; ")}`,
  );

  // What reached the log late (each case reads it as its answer arrives).
  await new Promise((r) => setTimeout(r, 300));
  assert.doesNotMatch(app.output(), STACK_TRACE, "a stack trace in the server's log");
});
