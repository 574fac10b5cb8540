import { ZodError } from "zod";
import { ApiError } from "./errors";
import { DomainError, type DomainErrorKind } from "@/lib/errors";
import { WeChatApiError, WeChatInputError } from "@/lib/wechat";
import type { Json } from "@/lib/wire";
import { log } from "@/lib/log";

const toJson = (data: unknown) => JSON.stringify(data, (_key, value) => (typeof value === "bigint" ? Number(value) : value));

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(toJson(data), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

/** `data` exactly as a client reads it from json(data): what a page may hand over in place of that request. */
export function asAnswer<T>(data: T): Json<T> {
  return JSON.parse(toJson(data)) as Json<T>;
}

function errorBody(code: string, message: string, field?: string) {
  return { error: field ? { code, message, field } : { code, message } };
}

const DOMAIN_STATUS: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409, gone: 410 };

function weChatStatus(error: WeChatApiError): number {
  if (error.kind === "quota") return 429;
  if (error.kind === "ip_not_whitelisted") return 403;
  return 502;
}

/** Maps anything thrown by a handler to the SPEC's error shape; unknown errors never leak details. */
export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ApiError) return json(errorBody(error.code, error.message, error.field), error.status);
  if (error instanceof DomainError) return json(errorBody(error.code, error.message, error.field), DOMAIN_STATUS[error.kind]);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || undefined;
    const message = field ? `${field}: ${issue.message}` : (issue?.message ?? "invalid input");
    return json(errorBody("invalid_input", message, field), 400);
  }
  if (error instanceof WeChatInputError) return json(errorBody("invalid_input", error.message, error.field), 400);
  if (error instanceof WeChatApiError) {
    return json(
      {
        error: {
          code: `wechat_${error.kind}`,
          message: error.message,
          errcode: error.errcode,
          ...(error.ip ? { ip: error.ip } : {}),
        },
      },
      weChatStatus(error),
    );
  }
  log().error({ reqId: request?.headers.get("x-request-id") ?? undefined, err: error }, "unexpected error");
  return json(errorBody("internal", "Something went wrong on the server"), 500);
}
