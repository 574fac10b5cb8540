import { QR_RULES } from "./limits";

export const QR_KINDS = ["temporary", "permanent"] as const;
export type QrKind = (typeof QR_KINDS)[number];

export type QrInput = { kind: QrKind; sceneId?: number; sceneStr?: string; expireSeconds?: number };

export type QrInputField = "kind" | "sceneId" | "sceneStr" | "expireSeconds";

/**
 * One rule of qrcode/create that an input breaks: the field, which rule (so a form can say it in
 * its reader's language) with WeChat's bound when the rule has one, and in English what the field
 * must be ("must be a string", to follow the field's name).
 */
export type QrInputProblem = {
  field: QrInputField;
  rule: "kind" | "required" | "one_scene" | "integer" | "text" | "too_small" | "too_big" | "control_chars" | "no_expiry";
  limit?: number;
  message: string;
};

export class WeChatInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = "WeChatInputError";
    this.field = field;
  }
}

const absent = (value: unknown) => value === undefined || value === null;

type Range = { min: number; max: number };

function integerProblem(field: QrInputField, value: unknown, range: Range, message: string): QrInputProblem | null {
  if (typeof value !== "number" || !Number.isInteger(value)) return { field, rule: "integer", message };
  if (value < range.min) return { field, rule: "too_small", limit: range.min, message };
  if (value > range.max) return { field, rule: "too_big", limit: range.max, message };
  return null;
}

/** scene_id: its range depends on the kind. */
export function sceneIdProblem(kind: QrKind, sceneId: unknown): QrInputProblem | null {
  const range = kind === "temporary" ? QR_RULES.temporarySceneId : QR_RULES.permanentSceneId;
  return integerProblem("sceneId", sceneId, range, `must be an integer from ${range.min} to ${range.max} for ${kind} codes`);
}

/** scene_str: counted in characters (code points), not bytes or UTF-16 units. */
export function sceneStrProblem(sceneStr: unknown): QrInputProblem | null {
  if (typeof sceneStr !== "string") return { field: "sceneStr", rule: "text", message: "must be a string" };
  const { min, max } = QR_RULES.sceneStrChars;
  const chars = [...sceneStr].length;
  const message = `must be ${min} to ${max} characters long (it has ${chars})`;
  if (chars < min) return { field: "sceneStr", rule: "too_small", limit: min, message };
  if (chars > max) return { field: "sceneStr", rule: "too_big", limit: max, message };
  // The scene comes back inside the event XML, which cannot carry control characters.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(sceneStr)) {
    return { field: "sceneStr", rule: "control_chars", message: "must not contain control characters" };
  }
  return null;
}

/** A temporary code's expire_seconds. */
export function expireSecondsProblem(expireSeconds: unknown): QrInputProblem | null {
  const range = QR_RULES.expireSeconds;
  const message = `must be an integer from ${range.min} to ${range.max} (30 days) for temporary codes`;
  return integerProblem("expireSeconds", expireSeconds, range, message);
}

/**
 * Every qrcode/create rule WeChat enforces that the input breaks; none when WeChat would accept it.
 * `sceneOptional`: no scene at all is fine, because the caller allocates one.
 */
export function qrInputProblems(input: unknown, { sceneOptional = false } = {}): QrInputProblem[] {
  const { kind, sceneId, sceneStr, expireSeconds } = (input ?? {}) as { [K in keyof QrInput]?: unknown };
  if (kind !== "temporary" && kind !== "permanent") {
    return [{ field: "kind", rule: "kind", message: 'must be "temporary" or "permanent"' }];
  }
  const problems: (QrInputProblem | null)[] = [];
  if (absent(sceneId) && absent(sceneStr)) {
    if (!sceneOptional) problems.push({ field: "sceneId", rule: "required", message: "is required unless sceneStr is given" });
  } else if (!absent(sceneId) && !absent(sceneStr)) {
    problems.push({ field: "sceneStr", rule: "one_scene", message: "must be left out when sceneId is given: one scene only" });
  } else {
    problems.push(absent(sceneStr) ? sceneIdProblem(kind, sceneId) : sceneStrProblem(sceneStr));
  }
  if (kind === "temporary") problems.push(expireSecondsProblem(expireSeconds));
  else if (!absent(expireSeconds)) {
    problems.push({ field: "expireSeconds", rule: "no_expiry", message: "must be left out: permanent codes never expire" });
  }
  return problems.filter((problem) => problem !== null);
}

/** Throws WeChatInputError naming the first rule the input breaks, before anything is sent. */
export function validateQrInput(input: QrInput): void {
  const [problem] = qrInputProblems(input);
  if (problem) throw new WeChatInputError(problem.field, `${problem.field} ${problem.message}`);
}

const ACTIONS = {
  temporary: { id: "QR_SCENE", str: "QR_STR_SCENE" },
  permanent: { id: "QR_LIMIT_SCENE", str: "QR_LIMIT_STR_SCENE" },
} as const;

/** The qrcode/create body. expire_seconds is always sent for temporary codes: WeChat's default is 60 s. */
export function qrCreateBody(input: QrInput): Record<string, unknown> {
  const byId = input.sceneId !== undefined && input.sceneId !== null;
  const scene = byId ? { scene_id: input.sceneId } : { scene_str: input.sceneStr };
  const action_name = ACTIONS[input.kind][byId ? "id" : "str"];
  return input.kind === "temporary"
    ? { expire_seconds: input.expireSeconds, action_name, action_info: { scene } }
    : { action_name, action_info: { scene } };
}

export function showQrCodeUrl(ticket: string): string {
  return `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}
