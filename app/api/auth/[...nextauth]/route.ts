import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBodyWithin } from "@/lib/api/read-body";
import { authOptions } from "@/lib/auth/options";
import { AUTH_BODY_MAX_BYTES } from "@/lib/limits";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth reads a POST's form whole: it gets the body only once it is known to be small (sign-in, sign-out). */
async function post(request: NextRequest, context: Context): Promise<Response> {
  const body = await readBodyWithin(request, AUTH_BODY_MAX_BYTES);
  if (body === null) {
    const message = `request body is larger than ${AUTH_BODY_MAX_BYTES} bytes`;
    return Response.json({ error: { code: "too_large", message } }, { status: 413 });
  }
  const bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) });
  return handler(bounded, context);
}

export { handler as GET, post as POST };
