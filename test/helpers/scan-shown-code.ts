import jsQR from "jsqr";
import { PNG } from "pngjs";
import { query } from "./database";
import { followedBefore } from "./sandbox-follower";

/** The QR content of a PNG, as a phone's camera reads it (null when there is no readable code). */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/**
 * Scans a code as a WeChat user would, given what the camera read (its url): the sandbox finds the
 * ticket it issued for that url, and the simulator pushes what WeChat would push for its scene to the
 * app's webhook. Resolves with the delivery (the scanner's reply) and the scene that was pushed.
 * alreadyFollower: they followed before (so the sandbox pushes SCAN, not subscribe).
 */
export async function scanShownCode(baseUrl: string, databaseUrl: string, url: string, openid: string, alreadyFollower = false) {
  const [row] = await query<{ ticket: string; app_id: string; scene: string }>(
    databaseUrl,
    "SELECT ticket, app_id, coalesce(scene_str, scene_id::text) AS scene FROM sandbox_tickets WHERE url = $1",
    [url],
  );
  if (!row) throw new Error(`the sandbox issued no ticket for ${url}`);
  const { findSandboxAccount } = await import("@/lib/sandbox/accounts");
  const { simulateScanOfTicket } = await import("@/lib/sandbox/ticket-scan");
  const account = await findSandboxAccount(row.app_id);
  if (!account) throw new Error(`no sandbox account ${row.app_id}`);
  const webhookUrl = `${baseUrl}/api/wechat/${account.appId}`;
  if (alreadyFollower) await followedBefore(account.appId, openid);
  const result = await simulateScanOfTicket({ account, webhookUrl, openid, ticket: row.ticket });
  return { ...result, scene: row.scene };
}
