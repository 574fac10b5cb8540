import { WX_OK, wxError, wxOk, type SandboxResponse } from "./errors";
import { addMaterial, deleteMaterial, isMaterialType, materialCount, type MaterialLimits } from "./material";
import { authorizeCall, parseSandboxJson, sandboxClock, type SandboxOptions } from "./wechat-api";

// The sandbox's material APIs, framework-neutral like wechat-api.ts; app/api/sandbox/cgi-bin/material/**
// are thin adapters.

/** The request as the route read it: its content type and body, or null for a body over MATERIAL_RULES.uploadMaxBytes. */
export type MaterialRequest = { contentType: string; body: Buffer | null };

type MediaPart = { name: string; arrayBuffer(): Promise<ArrayBuffer> };
const isFilePart = (value: unknown): value is MediaPart =>
  typeof value === "object" && value !== null && typeof (value as MediaPart).arrayBuffer === "function";

async function mediaPart(req: MaterialRequest): Promise<{ fileName: string; bytes: Buffer } | null> {
  if (!req.body || !/^multipart\/form-data\s*;/i.test(req.contentType)) return null;
  try {
    const form = await new Response(new Uint8Array(req.body), { headers: { "content-type": req.contentType } }).formData();
    const media = form.get("media");
    if (!isFilePart(media)) return null;
    return { fileName: media.name, bytes: Buffer.from(await media.arrayBuffer()) };
  } catch {
    return null;
  }
}

/**
 * POST cgi-bin/material/add_material?access_token&type — multipart with the file as `media`.
 * After the token: 40004 a type not image/voice/video/thumb, 40009 a body too large to be a 10 MB
 * image, 41005 no `media` file part, then addMaterial's 40005, 40009 and 45034.
 */
export async function addMaterialApi(
  query: URLSearchParams,
  req: MaterialRequest,
  opts: SandboxOptions & { limits?: MaterialLimits } = {},
): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "material/add_material", now);
  if ("status" in caller) return caller;
  const type = query.get("type");
  if (!isMaterialType(type)) return wxError(40004, undefined, now);
  if (req.body === null) return wxError(40009, undefined, now);
  const media = await mediaPart(req);
  if (!media) return wxError(41005, undefined, now);
  const added = await addMaterial(caller.appId, type, media, opts.limits);
  return added.ok ? wxOk({ media_id: added.value.mediaId, url: added.value.url }) : wxError(added.errcode, undefined, now);
}

/** GET cgi-bin/material/get_materialcount?access_token — {voice_count, video_count, image_count, news_count}. */
export async function materialCountApi(query: URLSearchParams, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "material/get_materialcount", now);
  if ("status" in caller) return caller;
  return wxOk(await materialCount(caller.appId));
}

/** POST cgi-bin/material/del_material?access_token {media_id} — 47001 not a JSON object, 40007 no such material. */
export async function deleteMaterialApi(
  query: URLSearchParams,
  body: string,
  opts: SandboxOptions = {},
): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "material/del_material", now);
  if ("status" in caller) return caller;
  const json = parseSandboxJson(body);
  if (!json) return wxError(47001, undefined, now);
  const deleted = await deleteMaterial(caller.appId, json.media_id);
  return deleted.ok ? wxOk(WX_OK) : wxError(deleted.errcode, undefined, now);
}
