import { randomBytes } from "node:crypto";
import { WeChatInputError } from "./qr-input";
import { sniffImageFormat } from "./image-format";
import { MATERIAL_RULES } from "./limits";

// material/add_material's request: one multipart/form-data part named `media` holding the file,
// built by hand so the bytes go as they are (no re-encoding) with a boundary they cannot contain.

export type ImageFile = { bytes: Uint8Array; fileName: string; contentType: string };

/** A request body that is not JSON, sent as it is. */
export class EncodedBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

// A quoted filename may not hold a quote, a backslash or a line break; WeChat only reads its ending.
const safeFileName = (name: string) => name.replace(/["\\\r\n]/g, "_") || "image";

/** The multipart body for add_material with `file` as the `media` part. */
export function mediaMultipart(file: ImageFile): EncodedBody {
  let boundary: string;
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  do boundary = `----qudao${randomBytes(12).toString("hex")}`;
  while (bytes.includes(boundary));
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safeFileName(file.fileName)}"\r\n` +
    `Content-Type: ${file.contentType.replace(/[\r\n]/g, "")}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, "utf8"), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]);
  return new EncodedBody(body, `multipart/form-data; boundary=${boundary}`);
}

/** The checks WeChat makes of an image before it is sent (WeChatInputError naming `image`). */
export function checkImageFile(file: ImageFile): void {
  if (file.bytes.byteLength === 0) throw new WeChatInputError("image", "the image is empty");
  if (file.bytes.byteLength > MATERIAL_RULES.imageMaxBytes)
    throw new WeChatInputError("image", `the image is larger than ${MATERIAL_RULES.imageMaxBytes} bytes`);
  if (!sniffImageFormat(file.bytes))
    throw new WeChatInputError("image", `the image must be ${MATERIAL_RULES.imageExtensions.join("/")}`);
}
