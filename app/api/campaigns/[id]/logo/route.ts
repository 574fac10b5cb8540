import { withApi, parseId } from "@/lib/api/handler";
import { DomainError, notFound } from "@/lib/errors";
import { auditActor } from "@/lib/api/audit-actor";
import { logoResponse, readCheckedLogo, storedLogoAnswer } from "@/lib/api/logo-body";
import { campaignLogo, removeLogo, setLogo } from "@/lib/db/logos";

/** The campaign's logo as a PNG (X-Logo-Source: campaign); 404 when it has none. */
export const GET = withApi("qrcodes:read", async ({ request, params }) => {
  const logo = await campaignLogo(parseId(params.id, "campaign"));
  if (logo === undefined) throw notFound("campaign");
  if (logo === null) throw new DomainError("not_found", "no_logo", "this campaign has no logo");
  return logoResponse(request, logo);
});

/** Sets the campaign's logo, the default of its codes that have none of their own. */
export const PUT = withApi("campaigns:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "campaign");
  const { png, width, height } = await readCheckedLogo(request);
  const logo = await setLogo({ target: "campaign", id }, png, auditActor({ principal, request }));
  if (!logo) throw notFound("campaign");
  return storedLogoAnswer(logo, { width, height });
});

export const DELETE = withApi("campaigns:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "campaign");
  if (!(await removeLogo({ target: "campaign", id }, auditActor({ principal, request })))) throw notFound("campaign");
  return new Response(null, { status: 204 });
});
