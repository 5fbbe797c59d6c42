import type { Db } from "@/db/client";
import { shared } from "@/lib/server/shared";
import { getSetting } from "@/lib/settings";
import { type OutboundPolicy, outboundFetch } from "./outbound";

function envAllowlist(): string[] {
  return (process.env.PRISM_OUTBOUND_ALLOWLIST ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The outbound policy for a connection: loopback only for admin-shared integrations (a local
 * Ollama), plus the hosts an admin allowed (Admin → Settings) or the environment lists.
 */
export async function outboundPolicy(db: Db, opts: { shared: boolean }): Promise<OutboundPolicy> {
  const adminList = await getSetting(db, "outboundAllowlist");
  return { allowLoopback: opts.shared, allowlist: [...envAllowlist(), ...adminList] };
}

const fetchers = shared("outbound-fetchers", () => new Map<string, typeof fetch>());

/** A guarded fetch for the policy, reused so connections stay pooled. */
export function fetchFor(policy: OutboundPolicy): typeof fetch {
  const key = `${policy.allowLoopback}|${policy.allowlist.join(",")}`;
  let f = fetchers.get(key);
  if (!f) {
    f = outboundFetch(policy);
    fetchers.set(key, f);
  }
  return f;
}
