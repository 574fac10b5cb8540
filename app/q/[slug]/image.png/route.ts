import { liveCodeImageResponse } from "@/components/live/image-response";

/** GET /q/{slug}/image.png?size&margin: the code a live code shows now, as a PNG (no sign-in). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return liveCodeImageResponse(request, (await params).slug);
}
