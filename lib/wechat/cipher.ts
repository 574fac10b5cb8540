import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SERVER_CONFIG_RULES } from "./limits";

export type WeChatCryptoErrorCode = "bad_key" | "bad_base64" | "bad_padding" | "bad_length" | "appid_mismatch" | "bad_utf8";

export class WeChatCryptoError extends Error {
  readonly code: WeChatCryptoErrorCode;
  constructor(code: WeChatCryptoErrorCode, message: string) {
    super(message);
    this.name = "WeChatCryptoError";
    this.code = code;
  }
}

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const { encodingAesKeyChars } = SERVER_CONFIG_RULES;
// WeChat's keys are letters and digits; any base64 of the right length decrypts alike.
const ENCODING_AES_KEY = new RegExp(`^[A-Za-z0-9+/]{${encodingAesKeyChars}}$`);
// WeChat encrypts UTF-8; other bytes would be stored as U+FFFD, so they are refused.
const UTF8 = new TextDecoder("utf-8", { fatal: true });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** WeChat's 消息加解密 scheme (AES-256-CBC, IV = first 16 key bytes, 32-byte PKCS#7). */
export class WeChatCipher {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly appId: string;

  constructor(encodingAesKey: string, appId: string) {
    if (typeof encodingAesKey !== "string" || !ENCODING_AES_KEY.test(encodingAesKey)) {
      throw new WeChatCryptoError("bad_key", `EncodingAESKey must be ${encodingAesKeyChars} characters of base64`);
    }
    this.key = Buffer.from(`${encodingAesKey}=`, "base64");
    if (this.key.length !== 32) throw new WeChatCryptoError("bad_key", "EncodingAESKey does not decode to 32 bytes");
    this.iv = this.key.subarray(0, 16);
    this.appId = appId;
  }

  encrypt(xml: string, random16: Buffer = randomBytes(RANDOM_BYTES)): string {
    if (random16.length !== RANDOM_BYTES) throw new RangeError("random16 must be exactly 16 bytes");
    const body = Buffer.from(xml, "utf8");
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(body.length, 0);
    const unpadded = Buffer.concat([random16, length, body, Buffer.from(this.appId, "utf8")]);
    const pad = BLOCK - (unpadded.length % BLOCK);
    const plain = Buffer.concat([unpadded, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv("aes-256-cbc", this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
  }

  decrypt(encryptB64: string): string {
    if (typeof encryptB64 !== "string" || encryptB64.length === 0 || !BASE64.test(encryptB64)) {
      throw new WeChatCryptoError("bad_base64", "Encrypt is not valid base64");
    }
    const sealed = Buffer.from(encryptB64, "base64");
    if (sealed.length % 16 !== 0) {
      throw new WeChatCryptoError("bad_length", "ciphertext is not a whole number of AES blocks");
    }
    const decipher = createDecipheriv("aes-256-cbc", this.key, this.iv).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(sealed), decipher.final()]);

    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
      throw new WeChatCryptoError("bad_padding", "padding is invalid (wrong key or damaged ciphertext)");
    }
    const content = plain.subarray(0, plain.length - pad);
    if (content.length < RANDOM_BYTES + LENGTH_BYTES) {
      throw new WeChatCryptoError("bad_length", "plaintext too short");
    }
    const xmlEnd = RANDOM_BYTES + LENGTH_BYTES + content.readUInt32BE(RANDOM_BYTES);
    if (xmlEnd > content.length) throw new WeChatCryptoError("bad_length", "length field exceeds the plaintext");

    const appId = content.subarray(xmlEnd).toString("utf8");
    if (appId !== this.appId) {
      throw new WeChatCryptoError("appid_mismatch", "the message was encrypted for another AppID");
    }
    try {
      return UTF8.decode(content.subarray(RANDOM_BYTES + LENGTH_BYTES, xmlEnd));
    } catch {
      throw new WeChatCryptoError("bad_utf8", "the decrypted message is not UTF-8");
    }
  }
}
