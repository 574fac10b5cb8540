import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import type { Role } from "@/lib/access/roles";
import { attemptSignIn, endSessions } from "@/lib/db/users";
import { lockedSignInError } from "@/lib/access/sign-in-lockout";
import { config } from "@/lib/config";
import { clientAddress } from "./client-address";
import { log } from "@/lib/log";
import { hasNul } from "@/lib/validation/input";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: number; email: string; name: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    role?: Role;
    /** The user's session version at sign-in (authenticate.ts refuses any other). */
    sv?: number;
  }
}

// next-auth ships CommonJS with `exports.default`: Next's bundler unwraps it, plain Node (tsx, tests) does not.
const Credentials = ((CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ??
  CredentialsModule) as typeof CredentialsModule;

export const SESSION_MAX_AGE_SECONDS = 24 * 60 * 60;

/** What went wrong, in one line: next-auth would print the error's stack. */
const reason = (metadata: unknown) =>
  metadata instanceof Error ? metadata.message : ((metadata as { error?: Error })?.error?.message ?? "");

/**
 * next-auth's log. A session cookie that does not decrypt is a stranger's (or an old secret's), a
 * client error: not logged, or anyone could flood the log. Anything else is one line.
 */
const logger: NextAuthOptions["logger"] = {
  error(code, metadata) {
    if (code !== "JWT_SESSION_ERROR") log().error({ code, reason: reason(metadata) }, "next-auth");
  },
  warn(code) {
    log().warn({ code }, "next-auth");
  },
  debug() {},
};

/** Email + password sign-in; stateless JWT sessions (nothing shared lives in process memory). */
export const authOptions: NextAuthOptions = {
  secret: config().nextauthSecret,
  logger,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    Credentials({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const email = credentials?.email;
        const password = credentials?.password;
        if (typeof email !== "string" || typeof password !== "string" || !email || !password) return null;
        if (hasNul(email) || hasNul(password)) return null; // no user has one; PostgreSQL text cannot hold it
        const address = clientAddress(req?.headers?.["x-forwarded-for"], config().trustedProxyHops);
        const result = await attemptSignIn(email, password, address);
        // next-auth hands a thrown error's message to the browser as the sign-in's error.
        if ("lockedUntil" in result) throw new Error(lockedSignInError(result.lockedUntil));
        if (!("user" in result)) return null;
        const { user } = result;
        const { id, role, sessionVersion } = user;
        return { id: String(id), email: user.email, name: user.name || user.email, role, sessionVersion };
      },
    }),
  ],
  events: {
    // Signing out ends the user's sessions everywhere: a copied cookie dies with the one signed out.
    async signOut({ token }) {
      if (token?.uid !== undefined) await endSessions(Number(token.uid), token.sv ?? 0);
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      // Display only: every server-side check re-reads the role from the database (authenticate.ts).
      session.user = {
        id: Number(token.uid ?? token.sub),
        email: token.email ?? "",
        name: token.name ?? token.email ?? "",
        role: token.role ?? "analyst",
      };
      return session;
    },
  },
};
