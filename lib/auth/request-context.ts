import type { RequestContext } from "@/lib/audit";

/**
 * The client's address and agent, for audit rows and sign-in limits. The first X-Forwarded-For
 * hop is used (Next.js sets it; put Prism behind a proxy that overwrites it, not one that appends
 * to a client-supplied value).
 */
export function requestContextFrom(headers: Headers): RequestContext {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  return { ip: ip ? stripIpv6Prefix(ip) : null, userAgent: headers.get("user-agent") };
}

function stripIpv6Prefix(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
