import { liveCodePageResponse } from "@/components/live/page-response";

/** GET /q/{slug}: a live code's public page (no sign-in), zh or en by the visitor's language. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return liveCodePageResponse(request, (await params).slug);
}
