import { ApiError, badRequest } from "@/lib/api/errors";
import { readBodyWithin } from "@/lib/api/read-body";
import { REPLY_IMAGE_LIMITS } from "@/lib/limits";
import { IMAGE_CONTENT_TYPES, imageSize, sniffImageFormat, type ImageFormat } from "@/lib/wechat/image-format";
import { MATERIAL_RULES } from "@/lib/wechat/limits";

export type ImageUpload = {
  fileName: string;
  bytes: Buffer;
  format: ImageFormat;
  contentType: string;
  width: number | null;
  height: number | null;
};

const tooLarge = () =>
  new ApiError(413, "image_too_large", `the image is larger than WeChat's ${MATERIAL_RULES.imageMaxBytes} bytes`, "image");

type FilePart = { name: string; arrayBuffer(): Promise<ArrayBuffer> };
const isFilePart = (value: unknown): value is FilePart =>
  typeof value === "object" && value !== null && typeof (value as FilePart).arrayBuffer === "function";

// Control characters and path separators out; what is left, cut to the length kept.
function cleanFileName(name: string, format: ImageFormat): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((c) => c.charCodeAt(0) > 0x1f && c !== "\u007f").join("");
  const clean = [...printable.trim()].slice(0, REPLY_IMAGE_LIMITS.fileNameChars).join("");
  return clean || `image.${format === "jpeg" ? "jpg" : format}`;
}

/**
 * The `image` part of a multipart upload, checked as WeChat will check it, before any call: 415 not
 * multipart, 413 over 10 MB, 400 no image part or an empty one, 400 `image_type` for bytes that are
 * no bmp/png/jpeg/gif (the bytes decide, not the name or the declared type).
 */
export async function readImageUpload(request: Request): Promise<ImageUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "Send the image as multipart/form-data with the file in the field image");
  const body = await readBodyWithin(request, MATERIAL_RULES.uploadMaxBytes);
  if (body === null) throw tooLarge();
  let part: unknown;
  try {
    part = (await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData()).get("image");
  } catch {
    throw badRequest("invalid_multipart", "the multipart body could not be read");
  }
  if (!isFilePart(part)) throw badRequest("image_missing", "attach the image as a file in the field image", "image");
  const bytes = Buffer.from(await part.arrayBuffer());
  if (bytes.byteLength === 0) throw badRequest("image_missing", "the image file is empty", "image");
  if (bytes.byteLength > MATERIAL_RULES.imageMaxBytes) throw tooLarge();
  const format = sniffImageFormat(bytes);
  if (!format) throw badRequest("image_type", `the file is no ${MATERIAL_RULES.imageExtensions.join("/")} image`, "image");
  const size = imageSize(bytes, format);
  const fits = (n: number | undefined) => (n !== undefined && Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? n : null);
  return {
    fileName: cleanFileName(part.name, format),
    bytes,
    format,
    contentType: IMAGE_CONTENT_TYPES[format],
    width: fits(size?.width),
    height: fits(size?.height),
  };
}
