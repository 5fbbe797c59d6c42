import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, type Dispatcher, fetch as undiciFetch, request as undiciRequest } from "undici";
import { AppError } from "@/lib/errors";

/**
 * Outbound HTTP for provider calls, workflow HTTP steps and webhooks. Private, loopback, link-local
 * (cloud metadata) and other special addresses are refused after DNS resolution, at connect time, so
 * a hostname that resolves (or re-resolves) to an internal address cannot slip through; redirects
 * are followed by hand and checked hop by hop. Hosts on the admin's allowlist are exempt, and
 * loopback is allowed where the caller says so (admin-shared integrations, for a local Ollama).
 */
export type OutboundPolicy = {
  allowLoopback: boolean;
  /** host, host:port or *.domain entries (lowercase). */
  allowlist: readonly string[];
};

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}
const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** Why an address may not be reached, or null when it may. */
export function addressRefusal(address: string, allowLoopback: boolean): string | null {
  let ip = address;
  let family = isIP(ip);
  if (family === 0) return "not an IP address";
  if (family === 6 && /^::ffff:/i.test(ip) && isIP(ip.slice(7)) === 4) {
    ip = ip.slice(7);
    family = 4;
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(ip, type)) return allowLoopback ? null : "loopback address";
  if (blocked.check(ip, type)) return "private or reserved address";
  return null;
}

export function hostAllowlisted(hostname: string, port: string, allowlist: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return allowlist.some((entry) => {
    const [pattern = "", entryPort] = entry.replace(/^\[([^\]]+)\]/, "$1").split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) return false;
    return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern;
  });
}

class OutboundRefused extends AppError {
  constructor(host: string, reason: string) {
    super(
      "bad_request",
      `Prism will not connect to ${host}: it is a ${reason}. An admin can allow the host in Admin → Settings.`,
    );
  }
}

const agents = new Map<string, Agent>();

function agentFor(allowLoopback: boolean): Agent {
  const key = allowLoopback ? "loopback" : "public";
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 256,
      connect: {
        lookup(hostname, options, callback) {
          dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
            if (err) return callback(err, "", 0);
            const bad = addresses.map((a) => addressRefusal(a.address, allowLoopback)).find(Boolean);
            if (bad) return callback(new OutboundRefused(hostname, bad), "", 0);
            // Node asks for every address when it races families (autoSelectFamily).
            if ((options as { all?: boolean }).all)
              return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
            const first = addresses[0];
            return first
              ? callback(null, first.address, first.family)
              : callback(new Error(`no address for ${hostname}`), "", 0);
          });
        },
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

const allowlistedAgent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
const MAX_REDIRECTS = 3;

/**
 * The checks every outbound URL passes, and the connection pool that then enforces the address rule
 * at connect time for it.
 */
function dispatcherFor(url: URL, policy: OutboundPolicy): Agent {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("bad_request", `Only http and https URLs are allowed (got ${url.protocol}).`);
  }
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (hostAllowlisted(url.hostname, port, policy.allowlist)) return allowlistedAgent;
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal)) {
    // IP literals never reach the DNS hook, so they are checked here.
    const reason = addressRefusal(literal, policy.allowLoopback);
    if (reason) throw new OutboundRefused(url.host, reason);
  }
  return agentFor(policy.allowLoopback);
}

/**
 * dispatcherFor, remembered per origin for one policy (a policy's allowlist never changes; a new
 * one makes new clients): the address checks are not repeated on every call. Hostnames are still
 * checked at connect time, on every connection.
 */
function memoDispatcher(policy: OutboundPolicy): (url: URL) => Agent {
  const memo = new Map<string, Agent | AppError>();
  return (url) => {
    const origin = `${url.protocol}//${url.host}`;
    let hit = memo.get(origin);
    if (!hit) {
      try {
        hit = dispatcherFor(url, policy);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        hit = err;
      }
      if (memo.size > 1000) memo.clear();
      memo.set(origin, hit);
    }
    if (hit instanceof AppError) throw hit;
    return hit;
  };
}

/** fetch's rule: a 303, or a 301/302 answering a POST, is followed with a GET and no body. */
const redirectBecomesGet = (status: number, method: string | undefined) =>
  status === 303 || ((status === 301 || status === 302) && method === "POST");

/** undici wraps connect failures ("fetch failed"); surface our refusal itself. */
function unwrapRefusal(err: unknown): never {
  const cause = (err as { cause?: unknown }).cause;
  throw cause instanceof OutboundRefused ? cause : err;
}

/** A fetch for one policy. Pass it to AI SDK providers (`fetch` option) and use it for any outbound call. */
export function outboundFetch(policy: OutboundPolicy): typeof fetch {
  const dispatcherOf = memoDispatcher(policy);
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let requestInit: RequestInit = { ...init };
    for (let hop = 0; ; hop++) {
      const dispatcher = dispatcherOf(url);
      // undici's fetch is the same WHATWG fetch Node ships; its types are declared separately.
      const res = (await undiciFetch(url, {
        ...(requestInit as Parameters<typeof undiciFetch>[1]),
        redirect: "manual",
        dispatcher,
      }).catch(unwrapRefusal)) as unknown as Response;
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location || requestInit.redirect === "manual") return res;
      if (hop >= MAX_REDIRECTS) throw new AppError("upstream_error", `Too many redirects from ${url.host}.`);
      await res.body?.cancel();
      url = new URL(location, url);
      if (redirectBecomesGet(res.status, requestInit.method)) {
        requestInit = { ...requestInit, method: "GET", body: undefined };
      }
    }
  };
  return guarded as typeof fetch;
}

export type OutboundRequest = (
  url: string,
  opts: { method: "GET" | "POST"; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<Dispatcher.ResponseData>;

/**
 * undici's lower-level request() under the same policy: a Node stream body instead of WHATWG
 * streams, for the gateway's streamed relays where per-chunk overhead adds up. Redirects are
 * followed like fetch does (307/308 keep the method and body; 301/302/303 turn a POST into a GET),
 * each hop checked again.
 */
export function outboundRequest(policy: OutboundPolicy): OutboundRequest {
  const dispatcherOf = memoDispatcher(policy);
  return async (url, opts) => {
    let target = new URL(url);
    let current = opts;
    for (let hop = 0; ; hop++) {
      const res = await undiciRequest(target, { ...current, dispatcher: dispatcherOf(target) }).catch(
        unwrapRefusal,
      );
      const location = res.headers.location;
      if (res.statusCode < 300 || res.statusCode >= 400 || typeof location !== "string") return res;
      await res.body.dump();
      if (hop >= MAX_REDIRECTS)
        throw new AppError("upstream_error", `Too many redirects from ${target.host}.`);
      const next = new URL(location, target);
      if (next.origin !== target.origin) {
        // Credentials are for the host they were configured for, not wherever it redirects.
        const { authorization: _credentials, ...headers } = current.headers;
        current = { ...current, headers };
      }
      target = next;
      if (redirectBecomesGet(res.statusCode, current.method)) {
        const { "content-type": _type, "content-length": _length, ...headers } = current.headers;
        current = { ...current, method: "GET", body: undefined, headers };
      }
    }
  };
}
