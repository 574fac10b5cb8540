/**
 * An error the API reports to its caller as `{"error":{"code","message"}}` with `status`: for what
 * only HTTP knows (authentication, roles, the request's shape). Domain errors (lib/errors.ts) are
 * mapped to a status in respond.ts.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, field?: string) => new ApiError(400, code, message, field);
export const unauthorized = () => new ApiError(401, "unauthorized", "Sign in or send Authorization: Bearer <api token>");
export const forbidden = (message = "Your role may not do this") => new ApiError(403, "forbidden", message);
