import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase } from "../helpers/database";
import { seedActiveCode } from "../helpers/seed";

// Prisma's client runs the reads of a nested include side by side; inside a transaction they share
// one connection, where pg 8 queues them with a deprecation warning (an error in pg 9). The pool's
// clients take one query at a time instead (lib/db/client.ts).

const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

before(async () => {
  process.env.DATABASE_URL = await freshDatabase();
  process.env.ENCRYPTION_KEY = "test-key";
  process.on("warning", onWarning);
});

after(async () => {
  process.off("warning", onWarning);
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

test("a transaction's nested include reads every relation, with no query queued on a busy connection", async () => {
  const { prisma } = await import("@/lib/db/client");
  const { upsertAccount } = await import("@/lib/db/accounts");
  const account = await upsertAccount({ appId: "wx_serial", name: "一次一条", appSecret: "s", token: "t" });
  for (let i = 1; i <= 3; i++)
    await seedActiveCode({
      accountId: account.id,
      channel: `渠道${i}`,
      campaign: `活动${i}`,
      name: `码${i}`,
      sceneStr: `s${i}`,
      reply: "你好",
    });
  const codes = await prisma.$transaction((tx) =>
    tx.qrCode.findMany({
      where: { accountId: account.id },
      include: { channel: true, campaign: true, reply: true },
      orderBy: { id: "asc" },
    }),
  );
  assert.deepEqual(
    codes.map((c) => [c.name, c.channel.name, c.campaign?.name, c.reply?.content]),
    [1, 2, 3].map((i) => [`码${i}`, `渠道${i}`, `活动${i}`, "你好"]),
  );
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  assert.deepEqual(
    warnings.filter((w) => w.includes("already executing")),
    [],
  );
});
