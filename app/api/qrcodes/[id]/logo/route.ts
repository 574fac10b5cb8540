import { withApi, parseId } from "@/lib/api/handler";
import { DomainError, notFound } from "@/lib/errors";
import { auditActor } from "@/lib/api/audit-actor";
import { logoResponse, readCheckedLogo, storedLogoAnswer } from "@/lib/api/logo-body";
import { effectiveLogo, removeLogo, setLogo } from "@/lib/db/logos";

/** The code's effective logo as a PNG: its own, else its campaign's (X-Logo-Source: code | campaign); 404 when none. */
export const GET = withApi("qrcodes:read", async ({ request, params }) => {
  const logo = await effectiveLogo(parseId(params.id, "QR code"));
  if (logo === undefined) throw notFound("QR code");
  if (logo === null)
    throw new DomainError("not_found", "no_logo", "this QR code has no logo: none of its own and none from its campaign");
  return logoResponse(request, logo);
});

/** Sets the code's own logo: the body is a PNG (at most QR_IMAGE_LIMITS.logoBytes and logoPixels). */
export const PUT = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const { png, width, height } = await readCheckedLogo(request);
  const logo = await setLogo({ target: "code", id }, png, auditActor({ principal, request }));
  if (!logo) throw notFound("QR code");
  return storedLogoAnswer(logo, { width, height });
});

/** Removes the code's own logo (its campaign's, if any, applies again). */
export const DELETE = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  if (!(await removeLogo({ target: "code", id }, auditActor({ principal, request })))) throw notFound("QR code");
  return new Response(null, { status: 204 });
});
