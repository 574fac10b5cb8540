import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBodyWithin } from "@/lib/api/read-body";
import { authOptions } from "@/lib/auth/options";
import { errorResponse } from "@/lib/api/respond";
import { crossOrigin, fromOwnOrigin } from "@/lib/api/same-origin";
import { AUTH_BODY_MAX_BYTES } from "@/lib/limits";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth checks its own CSRF token on sign-in and sign-out, but that token lives in a cookie,
 * and a page on another port of this host can set our cookies: a POST another page sends (browsers
 * always name it in Origin) is refused, so nobody can be signed in or out from elsewhere. next-auth
 * reads a POST's form whole: it gets the body only once it is known to be small.
 */
async function post(request: NextRequest, context: Context): Promise<Response> {
  if (request.headers.has("origin") && !fromOwnOrigin(request)) return errorResponse(crossOrigin());
  const body = await readBodyWithin(request, AUTH_BODY_MAX_BYTES);
  if (body === null) {
    const message = `request body is larger than ${AUTH_BODY_MAX_BYTES} bytes`;
    return Response.json({ error: { code: "too_large", message } }, { status: 413 });
  }
  const bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) });
  return handler(bounded, context);
}

export { handler as GET, post as POST };
