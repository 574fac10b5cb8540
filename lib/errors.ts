// What went wrong, in the domain's words. The database layer and the workflows throw these;
// lib/api maps each kind to an HTTP status and the CLI prints the message.

/** gone: what was asked for existed but can no longer be used (an expired code). */
export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "gone";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const invalid = (code: string, message: string, field?: string) => new DomainError("invalid", code, message, field);
export const notFound = (what: string) => new DomainError("not_found", "not_found", `${what} not found`);
export const conflict = (code: string, message: string, field?: string) => new DomainError("conflict", code, message, field);
export const gone = (code: string, message: string) => new DomainError("gone", code, message);
