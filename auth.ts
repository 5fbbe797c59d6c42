import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticate, LoginError, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/accounts";
import { requestContextFrom } from "@/lib/auth/request-context";
import { readOrCreateSecret } from "@/lib/server/data-dir";

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sid?: string;
  }
}

/** Carries the reason a sign-in failed to the form (the message itself is ours, not Auth.js's). */
class SignInRefused extends CredentialsSignin {
  constructor(reason: string) {
    super(reason);
    this.code = reason;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: process.env.AUTH_SECRET || readOrCreateSecret("auth-secret"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        try {
          const db = await getDb();
          const { user, sessionId } = await authenticate(
            db,
            credentials,
            requestContextFrom(request.headers),
          );
          return { id: user.id, email: user.email, name: user.name, sessionId };
        } catch (err) {
          if (err instanceof LoginError) {
            throw new SignInRefused(
              err.reason === "rate_limited" ? `rate_limited:${err.retryAfter ?? 900}` : err.reason,
            );
          }
          if (err instanceof Error && "code" in err && err.code === "validation_failed") {
            throw new SignInRefused("invalid_credentials");
          }
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // Only the session row id travels in the token; role, suspension and revocation are read
      // from the database on every request, so a change takes effect immediately.
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      session.sid = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
}));
