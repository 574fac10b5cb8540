import { checkDatabase, checkMigrations } from "@/lib/db/health";
import { renderLoad } from "@/lib/qr/render-slots";

export const dynamic = "force-dynamic";

/**
 * For load balancers and start-up checks, without authentication: 200 when the database answers
 * (within a bounded time) and its migrations are those this version ships, else 503 naming the
 * check that failed. Facts only, no secrets or server messages; the render queue's depth for a look.
 */
export async function GET() {
  const database = await checkDatabase();
  const migrations = database.ok ? await checkMigrations() : { ok: false, problem: "not checked: the database is unreachable" };
  const ok = database.ok && migrations.ok;
  return Response.json(
    { ok, checks: { database, migrations }, renders: renderLoad() },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
