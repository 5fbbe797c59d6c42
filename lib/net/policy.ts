import type { Db } from "@/db/client";
import { shared } from "@/lib/server/shared";
import { getSetting } from "@/lib/settings";
import { type OutboundPolicy, type OutboundRequest, outboundFetch, outboundRequest } from "./outbound";

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

export type OutboundClients = { fetch: typeof fetch; request: OutboundRequest };

const clients = shared("outbound-clients", () => new Map<string, OutboundClients>());

/** A guarded fetch and request() for the policy, reused so connections stay pooled. */
export function clientsFor(policy: OutboundPolicy): OutboundClients {
  const key = `${policy.allowLoopback}|${policy.allowlist.join(",")}`;
  let c = clients.get(key);
  if (!c) {
    c = { fetch: outboundFetch(policy), request: outboundRequest(policy) };
    clients.set(key, c);
  }
  return c;
}
