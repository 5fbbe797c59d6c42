import { createMCPClient, type MCPClient } from "@ai-sdk/mcp";
import type { Db } from "@/db/client";
import type { McpServer, McpToolInfo } from "@/db/schema";
import { decryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { clientsFor, outboundPolicy } from "@/lib/net/policy";
import { StdioTransport } from "./stdio";

/** Connecting and listing tools may take this long before the server counts as unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

export function decryptHeaders(r: Pick<McpServer, "headersEncrypted">): Record<string, string> {
  if (!r.headersEncrypted) return {};
  return JSON.parse(decryptSecret(r.headersEncrypted, SECRET_PURPOSE.mcpHeaders)) as Record<string, string>;
}

/**
 * An MCP client for one server row. HTTP transports go through Prism's outbound guard (the SSRF
 * rule: private and loopback addresses only for admin-shared servers or allowlisted hosts, checked
 * at connect time and on every redirect). stdio servers run their fixed command with no shell.
 */
export async function openClient(db: Db, row: McpServer, signal?: AbortSignal): Promise<MCPClient> {
  const timeout = AbortSignal.timeout(CONNECT_TIMEOUT_MS);
  const initSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
  if (row.transport === "stdio") {
    if (!row.command) throw new AppError("bad_request", "This stdio server has no command.");
    return createMCPClient({
      transport: new StdioTransport({ command: row.command, args: row.args }),
      clientName: "prism",
      initializationOptions: { signal: initSignal },
    });
  }
  if (!row.url) throw new AppError("bad_request", "This server has no URL.");
  const { fetch } = clientsFor(await outboundPolicy(db, { shared: row.shared }));
  return createMCPClient({
    transport: { type: row.transport, url: row.url, headers: decryptHeaders(row), fetch },
    clientName: "prism",
    initializationOptions: { signal: initSignal },
  });
}

/** A sentence a person can act on for why a server could not be reached or answered. */
export function describeMcpError(err: unknown, row: Pick<McpServer, "url" | "command" | "name">): string {
  if (err instanceof AppError) return err.message;
  const where = row.url ? safeHost(row.url) : (row.command ?? row.name);
  const chain: string[] = [];
  for (let e: unknown = err, d = 0; e && d < 5; d++) {
    const o = e as { message?: unknown; code?: unknown; name?: unknown; cause?: unknown };
    if (o.name === "TimeoutError" || o.code === "ABORT_ERR")
      return `${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s.`;
    if (typeof o.code === "string" && /ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH/.test(o.code))
      return `Could not connect to ${where} (${o.code}).`;
    if (typeof o.message === "string") chain.push(o.message);
    if (o.cause instanceof AppError) return o.cause.message;
    e = o.cause;
  }
  const text = chain.find((m) => m && m !== "fetch failed") ?? chain[0] ?? "unknown error";
  return `${where}: ${text}`.slice(0, 500);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Connects, lists the tools (every page), and closes. Never throws: the failure is the result. */
export async function listServerTools(
  db: Db,
  row: McpServer,
): Promise<{ ok: true; tools: McpToolInfo[] } | { ok: false; error: string }> {
  let client: MCPClient | null = null;
  try {
    client = await openClient(db, row);
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await client.listTools({
        params: cursor ? { cursor } : undefined,
        options: { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) },
      });
      for (const t of res.tools) {
        tools.push({
          name: t.name,
          ...(t.description ? { description: t.description } : {}),
          inputSchema: t.inputSchema as Record<string, unknown>,
          ...(t.annotations ? { annotations: t.annotations as Record<string, unknown> } : {}),
        });
      }
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return { ok: true, tools };
  } catch (err) {
    return { ok: false, error: describeMcpError(err, row) };
  } finally {
    await client?.close().catch(() => {});
  }
}
