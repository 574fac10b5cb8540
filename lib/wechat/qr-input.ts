export type QrKind = 'temporary' | 'permanent';

export type QrInput = { kind: QrKind; sceneId?: number; sceneStr?: string; expireSeconds?: number };

export const QR_LIMITS = {
  expireSeconds: { min: 60, max: 2_592_000 },
  temporarySceneId: { min: 1, max: 4_294_967_295 },
  permanentSceneId: { min: 1, max: 100_000 },
  sceneStrChars: { min: 1, max: 64 },
} as const;

export class WeChatInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'WeChatInputError';
    this.field = field;
  }
}

function isInt(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const absent = (value: unknown) => value === undefined || value === null;

/** Every qrcode/create limit WeChat enforces, checked before anything is sent. */
export function validateQrInput(input: QrInput): void {
  if (input === null || typeof input !== 'object') throw new WeChatInputError('kind', 'a QR code request is required');
  const { kind, sceneId, sceneStr, expireSeconds } = input as { [K in keyof QrInput]?: unknown };
  if (kind !== 'temporary' && kind !== 'permanent') {
    throw new WeChatInputError('kind', 'kind must be "temporary" or "permanent"');
  }
  if (absent(sceneId) && absent(sceneStr)) throw new WeChatInputError('sceneId', 'sceneId or sceneStr is required');
  if (!absent(sceneId) && !absent(sceneStr)) throw new WeChatInputError('sceneStr', 'give sceneId or sceneStr, not both');

  if (!absent(sceneId)) {
    const { min, max } = kind === 'temporary' ? QR_LIMITS.temporarySceneId : QR_LIMITS.permanentSceneId;
    if (!isInt(sceneId, min, max)) {
      throw new WeChatInputError('sceneId', `sceneId must be an integer from ${min} to ${max} for ${kind} codes`);
    }
  } else {
    if (typeof sceneStr !== 'string') throw new WeChatInputError('sceneStr', 'sceneStr must be a string');
    const { min, max } = QR_LIMITS.sceneStrChars;
    const chars = [...sceneStr].length;
    if (chars < min || chars > max) {
      throw new WeChatInputError('sceneStr', `sceneStr must be ${min} to ${max} characters long (it has ${chars})`);
    }
    // The scene comes back inside the event XML, which cannot carry control characters.
    if (/[\u0000-\u001f\u007f]/.test(sceneStr)) {
      throw new WeChatInputError('sceneStr', 'sceneStr must not contain control characters');
    }
  }

  if (kind === 'temporary') {
    const { min, max } = QR_LIMITS.expireSeconds;
    if (!isInt(expireSeconds, min, max)) {
      throw new WeChatInputError('expireSeconds', `expireSeconds must be an integer from ${min} to ${max} (30 days) for temporary codes`);
    }
  } else if (!absent(expireSeconds)) {
    throw new WeChatInputError('expireSeconds', 'permanent codes never expire; leave expireSeconds out');
  }
}

const ACTIONS = {
  temporary: { id: 'QR_SCENE', str: 'QR_STR_SCENE' },
  permanent: { id: 'QR_LIMIT_SCENE', str: 'QR_LIMIT_STR_SCENE' },
} as const;

/** The qrcode/create body. expire_seconds is always sent for temporary codes: WeChat's default is 60 s. */
export function qrCreateBody(input: QrInput): Record<string, unknown> {
  const byId = input.sceneId !== undefined && input.sceneId !== null;
  const scene = byId ? { scene_id: input.sceneId } : { scene_str: input.sceneStr };
  const action_name = ACTIONS[input.kind][byId ? 'id' : 'str'];
  return input.kind === 'temporary'
    ? { expire_seconds: input.expireSeconds, action_name, action_info: { scene } }
    : { action_name, action_info: { scene } };
}

export function showQrCodeUrl(ticket: string): string {
  return 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=' + encodeURIComponent(ticket);
}
