import { DomainError } from "@/lib/errors";
import { USER_ROLES } from "./roles";

// Typed errors of user and token management: a route that lets one escape answers with the
// kind's status and the code; the CLI prints their message.

export class WeakPasswordError extends DomainError {
  constructor(message: string) {
    super("invalid", "weak_password", message, "password");
  }
}

export class InvalidEmailError extends DomainError {
  constructor(email: string) {
    super("invalid", "invalid_email", `"${email}" is not an email address`, "email");
  }
}

export class InvalidRoleError extends DomainError {
  constructor(role: string) {
    super("invalid", "invalid_role", `"${role}" is not a role a user may have (${USER_ROLES.join(", ")})`, "role");
  }
}

export class EmailTakenError extends DomainError {
  constructor(readonly email: string) {
    super("conflict", "email_taken", `a user with email ${email} already exists`, "email");
  }
}

export class UserNotFoundError extends DomainError {
  constructor(email: string) {
    super("not_found", "not_found", `no user with email ${email}`);
  }
}
