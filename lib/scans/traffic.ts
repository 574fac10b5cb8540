import { randomBytes } from "node:crypto";
import { getQrCode } from "@/lib/db/qrcodes";
import { findAccountById } from "@/lib/db/accounts";
import { gone, invalid, notFound } from "@/lib/errors";
import { simulateScan, simulateUnfollow, type DeliveryResult } from "@/lib/scans/simulator";
import { testDeliveryTo } from "@/lib/scans/test-delivery";
import { currentFollowers } from "@/lib/sandbox/follow-state";
import { planTraffic, summarize, TRAFFIC_RULES, type PlannedPerson, type TrafficSummary } from "./traffic-plan";

// Generated traffic for a sandbox account's code: the plan's scans and unfollows, each pushed
// through the real signed webhook path like WeChat would, a few people at a time. A person's own
// steps go in order; who follows is known from the plan (new people are strangers to the account,
// returning ones its current followers), so each scan is the SCAN or subscribe WeChat would push.

export type TrafficInput = { qrCodeId: number; scans: number; unfollowRate: number; people?: number; concurrency?: number };
export type TrafficResult = TrafficSummary & { accountId: number; qrCodeId: number; failed: number; firstError?: string };

/** Seconds since the epoch at the start of `now`'s day in `timeZone`. */
export function localDayStart(now: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const part = (parts: Intl.DateTimeFormatPart[], type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = format.formatToParts(new Date(now * 1000));
  return now - (part(parts, "hour") * 3600 + part(parts, "minute") * 60 + part(parts, "second"));
}

export async function runTraffic(input: TrafficInput): Promise<TrafficResult> {
  if (!Number.isInteger(input.scans) || input.scans < 1 || input.scans > TRAFFIC_RULES.maxScans)
    throw invalid("invalid_scans", `scans must be a whole number from 1 to ${TRAFFIC_RULES.maxScans}`, "scans");
  if (!(input.unfollowRate >= 0 && input.unfollowRate <= 1))
    throw invalid("invalid_unfollow_rate", "the unfollow rate must be from 0 to 1", "unfollowRate");
  const code = await getQrCode(input.qrCodeId);
  if (!code?.ticket) throw notFound(`QR code ${input.qrCodeId}`);
  const account = await findAccountById(code.accountId);
  if (!account) throw notFound("account");
  if (!account.sandbox)
    throw invalid(
      "not_sandbox",
      "traffic is generated for sandbox accounts only: a real account's test deliveries are not counted",
    );
  if (code.status === "expired") throw gone("code_expired", `code ${code.id} has expired: nobody can scan it`);

  const people = Math.min(input.people ?? Math.max(1, Math.round(input.scans * 0.75)), input.scans);
  const now = Math.floor(Date.now() / 1000);
  const plan = planTraffic({
    scans: input.scans,
    people,
    unfollowRate: input.unfollowRate,
    followers: await currentFollowers(account.appId, Math.floor(people * TRAFFIC_RULES.returningShare)),
    dayStart: localDayStart(now, account.timeZone),
    now,
    prefix: `o_traffic_${randomBytes(4).toString("hex")}_`,
  });

  const delivery = testDeliveryTo(account);
  const scene = code.sceneStr !== null ? { sceneStr: code.sceneStr } : { sceneId: code.sceneId! };
  let failed = 0;
  let firstError: string | undefined;
  const note = (result: DeliveryResult) => {
    if (result.status >= 200 && result.status < 300) return;
    failed++;
    firstError ??= result.error ?? `HTTP ${result.status}`;
  };
  const visit = async (person: PlannedPerson) => {
    for (const [i, createTime] of person.scans.entries()) {
      const alreadyFollower = person.returning || i > 0;
      note(await simulateScan({ ...delivery, openid: person.openid, scene, ticket: code.ticket!, alreadyFollower, createTime }));
    }
    if (person.unfollowAt !== null)
      note(await simulateUnfollow({ ...delivery, openid: person.openid, createTime: person.unfollowAt }));
  };

  const queue = [...plan];
  const workers = Array.from({ length: Math.max(1, Math.min(input.concurrency ?? 8, queue.length)) }, async () => {
    for (let person = queue.shift(); person; person = queue.shift()) await visit(person);
  });
  await Promise.all(workers);
  return { accountId: account.id, qrCodeId: code.id, ...summarize(plan), failed, ...(firstError ? { firstError } : {}) };
}
