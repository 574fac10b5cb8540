import type { ZodType } from "zod";
import { ApiError, badRequest } from "./errors";
import { readBodyWithin } from "./read-body";
import { readJson } from "./handler";
import { JSON_BODY_MAX_BYTES, POSTER_LIMITS } from "@/lib/limits";
import { BackgroundError, inspectBackground, type BackgroundInfo } from "@/lib/posters/background";

export type UploadedBackground = { bytes: Buffer; info: BackgroundInfo };

const FORM_MAX_BYTES = POSTER_LIMITS.backgroundBytes + JSON_BODY_MAX_BYTES;

/**
 * A template's request: multipart/form-data with a `template` part (its fields as JSON) and a
 * `background` part (the PNG or JPEG), or plain JSON fields when the background stays.
 * Everything is checked before anything is stored.
 */
export async function readPosterForm<T>(
  request: Request,
  schema: ZodType<T>,
  backgroundRequired: boolean,
): Promise<{ fields: T; background: UploadedBackground | null }> {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/json\s*(;|$)/i.test(type)) {
    if (backgroundRequired) throw badRequest("invalid_image", "send multipart/form-data with a background part", "background");
    return { fields: await readJson(request, schema), background: null };
  }
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "Send multipart/form-data (template, background) or JSON");
  const body = await readBodyWithin(request, FORM_MAX_BYTES);
  if (body === null)
    throw new ApiError(
      413,
      "too_large",
      `the background may be at most ${POSTER_LIMITS.backgroundBytes / 1024 / 1024} MB`,
      "background",
    );
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw badRequest("invalid_form", "the request body is not valid multipart/form-data");
  }
  const template = form.get("template");
  const file = form.get("background");
  if (typeof template !== "string")
    throw badRequest("invalid_input", "send the template's fields as JSON in a template part", "template");
  if (file !== null && typeof file === "string")
    throw badRequest("invalid_image", "the background part must be a file", "background");
  if (!file && backgroundRequired)
    throw badRequest("invalid_image", "send the background image in a background part", "background");
  const fields = await readJson(
    new Request("http://form.invalid/", { method: "POST", headers: { "content-type": "application/json" }, body: template }),
    schema,
  );
  if (!file) return { fields, background: null };
  const bytes = Buffer.from(await file.arrayBuffer());
  try {
    return { fields, background: { bytes, info: await inspectBackground(bytes) } };
  } catch (error) {
    if (error instanceof BackgroundError)
      throw new ApiError(bytes.length > POSTER_LIMITS.backgroundBytes ? 413 : 400, "invalid_image", error.message, "background");
    throw error;
  }
}
