import { NextResponse, type NextRequest } from "next/server";

/**
 * The dashboard's Content-Security-Policy, with a fresh nonce per page: Next puts it on its own
 * inline bootstrap scripts and script tags (read from the request's CSP header), so no other script
 * runs. Every page is rendered per request anyway (the root layout reads the locale cookie), so a
 * nonce costs nothing more. Styles may be inline (React writes style attributes: bar widths, colours);
 * images may come from anywhere over http(s) because a news reply's picture is previewed from its URL.
 * The other security headers, and a CSP for the API's answers, are in next.config.mjs.
 */
function pagePolicy(nonce: string): string {
  // biome-ignore lint/style/noProcessEnv: Next's build mode, not configuration: React's development build needs eval
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const policy = pagePolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages only: the API (its answers get a fixed policy from next.config.mjs, and its bodies are not
// buffered for a proxy) and Next's static files stay out.
export const config = { matcher: ["/((?!api/|api$|_next/static/|_next/image/|favicon\\.ico$).*)"] };
