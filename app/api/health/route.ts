import { pool } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** For load balancers and start-up checks: the app answers and reaches its database. */
export async function GET() {
  try {
    await pool().query("SELECT 1");
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
