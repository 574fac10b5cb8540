import { z } from "zod";
import { readQuery, withApi } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { findSandboxAccount } from "@/lib/sandbox/accounts";
import { findMaterial } from "@/lib/sandbox/material";
import { text } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const materialQuery = z.object({ appId: text.trim().min(1).max(64) }).strict();

/** The bytes of a sandbox account's permanent material, for the sandbox page's chat (WeChat's mmbiz address does not resolve here). */
export const GET = withApi("scan:simulate", async ({ request, params }) => {
  const { appId } = readQuery(request, materialQuery);
  if (!(await findSandboxAccount(appId))) throw notFound(`sandbox account ${appId}`);
  const material = /^[A-Za-z0-9_-]{1,128}$/.test(params.mediaId) ? await findMaterial(appId, params.mediaId) : null;
  if (!material) throw notFound("material");
  return new Response(new Uint8Array(material.bytes), {
    headers: {
      "content-type": material.contentType,
      "content-length": String(material.bytes.length),
      "x-content-type-options": "nosniff",
      // A media_id names the same bytes for good.
      "cache-control": "private, max-age=86400, immutable",
    },
  });
});
