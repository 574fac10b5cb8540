/** An error the API reports to its caller as `{"error":{"code","message"}}` with `status`. */
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
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (code: string, message: string, field?: string) => new ApiError(409, code, message, field);
