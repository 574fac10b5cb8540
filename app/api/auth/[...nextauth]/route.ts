import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse } from "@/lib/api/respond";
import { crossOrigin, fromOwnOrigin } from "@/lib/api/same-origin";

const handler = NextAuth(authOptions);

/**
 * next-auth checks its own CSRF token on sign-in and sign-out, but that token lives in a cookie,
 * and a page on another port of this host can set our cookies: a POST another page sends (browsers
 * always name it in Origin) is refused, so nobody can be signed in or out from elsewhere.
 */
async function POST(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  if (request.headers.has("origin") && !fromOwnOrigin(request)) return errorResponse(crossOrigin());
  return handler(request, context);
}

export { handler as GET, POST };
