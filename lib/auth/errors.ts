import { ApiError } from "@/lib/api/errors";

// Typed errors of user and token management. They are ApiErrors, so a route that lets one escape
// answers with the right status and code; the CLI prints their message.

export class WeakPasswordError extends ApiError {
  constructor(message: string) {
    super(400, "weak_password", message, "password");
  }
}

export class InvalidEmailError extends ApiError {
  constructor(email: string) {
    super(400, "invalid_email", `"${email}" is not an email address`, "email");
  }
}

export class InvalidRoleError extends ApiError {
  constructor(role: string) {
    super(400, "invalid_role", `"${role}" is not a role (admin, marketer, operator, analyst)`, "role");
  }
}

export class EmailTakenError extends ApiError {
  constructor(readonly email: string) {
    super(409, "email_taken", `a user with email ${email} already exists`, "email");
  }
}

export class UserNotFoundError extends ApiError {
  constructor(email: string) {
    super(404, "not_found", `no user with email ${email}`);
  }
}
