export { sha1Sorted, checkSignature, msgSignature, checkMsgSignature } from "./signature";
export { WeChatCipher, WeChatCryptoError, type WeChatCryptoErrorCode } from "./cipher";
export { parseWeChatXml, cdata, WeChatXmlError, type WeChatXmlErrorCode, type ParseOptions } from "./xml";
export { buildReplyXml, buildEncryptedReply, type Reply, type ReplyAddress } from "./reply";
export { normalizeEvent, dedupKey, type WeChatEvent } from "./events";
export {
  openInbound,
  verifyEcho,
  sealReply,
  InboundError,
  type MessageMode,
  type AccountKeys,
  type Inbound,
  type InboundErrorCode,
  type InboundOptions,
  type SealOptions,
} from "./inbound";
export {
  buildEventXml,
  buildTextMessageXml,
  buildPush,
  openReply,
  WeChatReplyError,
  type PushedEvent,
  type PushedText,
  type PushOptions,
  type ReplyErrorCode,
} from "./outbound-push";
export {
  WeChatApiClient,
  WECHAT_API_ORIGIN,
  type AccessToken,
  type TokenStore,
  type QrCode,
  type WeChatTag,
  type ApiClientOptions,
  type AddedMaterial,
} from "./api-client";
export { mediaMultipart, checkImageFile, EncodedBody, type ImageFile } from "./material";
export { sniffImageFormat, imageSize, IMAGE_CONTENT_TYPES, type ImageFormat, type ImageSize } from "./image-format";
export {
  customMessageBody,
  checkOpenid,
  checkTagName,
  checkTaggingBatch,
  CUSTOM_MESSAGE_TYPES,
  type CustomMessage,
} from "./custom-message";
export { WeChatApiError, type ApiErrorKind } from "./api-error";
export {
  httpTransport,
  checkOrigin,
  TransportError,
  type ApiTransport,
  type ApiRequest,
  type ApiAnswer,
  type Resolver,
  type TransportFailure,
} from "./api-transport";
export { AllowedNetworks, addressKind, refusedAddress, type AddressKind } from "./outbound-address";
export {
  qrInputProblems,
  sceneIdProblem,
  sceneStrProblem,
  expireSecondsProblem,
  validateQrInput,
  showQrCodeUrl,
  qrCreateBody,
  QR_KINDS,
  WeChatInputError,
  type QrKind,
  type QrInput,
  type QrInputField,
  type QrInputProblem,
} from "./qr-input";
export {
  QR_RULES,
  REPLY_RULES,
  SERVER_CONFIG_RULES,
  ACCESS_TOKEN_RULES,
  PUSH_RULES,
  PUSH_ACCEPTANCE,
  API_ANSWER_LIMITS,
  TAG_RULES,
  CUSTOM_MESSAGE_RULES,
  MATERIAL_RULES,
} from "./limits";
export { generateEncodingAesKey, generateWeChatToken } from "./server-config";
