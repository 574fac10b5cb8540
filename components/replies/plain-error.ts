import { ApiError } from "@/lib/client/api";

type T = (key: string, vars?: Record<string, string | number>) => string;

/** An API or network failure in words an operator can act on. */
export function plainError(error: Error, t: T): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t("replies.err.signedOut");
    if (error.status === 403) return t("replies.err.forbidden");
    if (error.status === 404) return t("replies.err.notFound");
    if (error.status >= 500) return t("replies.err.server");
    return error.message;
  }
  if (error instanceof TypeError) return t("replies.err.network");
  return error.message;
}

export type DeliveryResult = {
  attempts: number;
  status: number;
  reply: Record<string, string> | "success" | "";
  error?: string;
};

/** Why a simulated delivery left the fan without a usable reply, or null when it went through. */
export function deliveryProblem(result: DeliveryResult, t: T): string | null {
  if (result.status === 0) return t("replies.delivery.noAnswer", { attempts: result.attempts });
  if (result.status >= 400) return t("replies.delivery.httpError", { status: result.status, attempts: result.attempts });
  if (result.reply === "" && result.status >= 200 && result.status < 300) return t("replies.delivery.unreadable");
  return null;
}
