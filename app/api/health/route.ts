import { pingDatabase } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** For load balancers and start-up checks: the app answers and reaches its database. */
export async function GET() {
  try {
    await pingDatabase();
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
