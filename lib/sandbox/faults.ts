import { prisma } from "@/lib/db/client";
import { errmsgFor } from "./errors";

// Errors the sandbox answers with before doing anything else, for tests and for trying the app's
// error handling (busy, token refused, quota, IP whitelist…). Stored in the database so every app
// instance serving the sandbox sees the same queue.

export const SANDBOX_APIS = [
  "token",
  "stable_token",
  "qrcode/create",
  "tags/get",
  "tags/create",
  "tags/members/batchtagging",
  "tags/getidlist",
  "message/custom/send",
  "material/add_material",
  "material/get_materialcount",
  "material/del_material",
] as const;
export type SandboxApi = (typeof SANDBOX_APIS)[number];

export type Fault = { id: number; appId: string; api: SandboxApi; errcode: number; errmsg: string; remaining: number };

export const FAULT_LIMITS = { times: { min: 1, max: 1000 }, errmsgChars: 200 } as const;

export function isSandboxApi(value: unknown): value is SandboxApi {
  return typeof value === "string" && (SANDBOX_APIS as readonly string[]).includes(value);
}

/** Queue an error: the next `times` calls of `api` by `appId` are answered with it. */
export async function injectFault(appId: string, api: SandboxApi, errcode: number, errmsg?: string, times = 1): Promise<Fault> {
  if (typeof appId !== "string" || appId === "") throw new TypeError("appId is required");
  if (!isSandboxApi(api)) throw new TypeError(`api must be one of ${SANDBOX_APIS.join(", ")}`);
  if (!Number.isSafeInteger(errcode) || errcode === 0) throw new TypeError("errcode must be a non-zero integer");
  if (errmsg !== undefined && (typeof errmsg !== "string" || errmsg.length > FAULT_LIMITS.errmsgChars)) {
    throw new TypeError(`errmsg must be a string of at most ${FAULT_LIMITS.errmsgChars} characters`);
  }
  const { min, max } = FAULT_LIMITS.times;
  if (!Number.isInteger(times) || times < min || times > max)
    throw new TypeError(`times must be an integer from ${min} to ${max}`);
  const row = await prisma.sandboxFault.create({
    data: { appId, api, errcode, errmsg: errmsg ?? errmsgFor(errcode), remaining: times },
  });
  return { id: row.id, appId: row.appId, api, errcode: row.errcode, errmsg: row.errmsg, remaining: row.remaining };
}

/** Takes one use of the oldest queued fault for this call, if any (atomic across instances). */
export async function takeFault(appId: string, api: SandboxApi): Promise<{ errcode: number; errmsg: string } | null> {
  const rows = await prisma.$queryRaw<{ errcode: number; errmsg: string }[]>`
    WITH next AS (
      SELECT id FROM sandbox_faults
      WHERE app_id = ${appId} AND api = ${api} AND remaining > 0
      ORDER BY id LIMIT 1
      FOR UPDATE
    )
    UPDATE sandbox_faults f SET remaining = f.remaining - 1
    FROM next WHERE f.id = next.id
    RETURNING f.errcode, f.errmsg`;
  if (rows.length === 0) return null;
  await prisma.sandboxFault.deleteMany({ where: { appId, api, remaining: { lte: 0 } } });
  return rows[0];
}
