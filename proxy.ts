import { type NextRequest, NextResponse } from "next/server";
import {
  contentSecurityPolicy,
  newNonce,
  STRICT_TRANSPORT_SECURITY,
  servedOverHttps,
} from "@/lib/server/csp";

/**
 * Runs before every page: a per-request CSP nonce (forwarded to the page as `x-nonce` and in the
 * request's policy header, where Next.js finds it for its own scripts), the policy on the response,
 * and HSTS when the page was served over HTTPS. API routes, static files and images are left out:
 * they run no scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (servedOverHttps(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"))) {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source:
        "/((?!api|_next/static|_next/image|favicon.ico|icon|apple-touch-icon|og-image|manifest.webmanifest).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
