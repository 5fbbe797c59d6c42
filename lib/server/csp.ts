/**
 * The Content-Security-Policy of Prism's pages: scripts only from this origin or carrying the
 * request's nonce (Next.js reads the nonce from the request's policy header and puts it on its own
 * bootstrap scripts; the root layout puts it on the theme script), 'strict-dynamic' so those scripts
 * may load the app's chunks. Style attributes stay allowed: charts, the workflow canvas and toasts
 * position elements with inline styles, which a nonce cannot cover. Nothing may frame Prism.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code (stack traces, fast refresh): never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce per request: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS for two years, only when the browser reached Prism over HTTPS (directly or via a proxy). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

export function servedOverHttps(protocol: string, forwardedProto: string | null): boolean {
  const first = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return first ? first === "https" : protocol === "https:";
}
