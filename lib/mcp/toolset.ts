import type { MCPClient } from "@ai-sdk/mcp";
import { jsonSchema, type ToolExecutionOptions, type ToolSet, tool } from "ai";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type McpServer, type McpToolInfo, mcpServers } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import { estimateTokens } from "@/lib/ai/pricing";
import type { Actor } from "@/lib/auth/actor";
import { toAppError } from "@/lib/errors";
import { BUILTIN_INFO, BUILTIN_SERVER, BUILTIN_TOOLS, type BuiltinTool, runBuiltin } from "./builtin";
import { describeMcpError, openClient } from "./connect";
import { namespacedName } from "./names";
import { capResult, MAX_RESULT_CHARS, resultText } from "./result";
import { McpServerModel } from "./servers";
import { recordToolCall } from "./usage";

/** A tool call may run this long before it is stopped and reported as timed out (PRISM_MCP_TOOL_TIMEOUT_MS). */
export const TOOL_TIMEOUT_MS = 30_000;
const toolTimeoutMs = () => Number(process.env.PRISM_MCP_TOOL_TIMEOUT_MS) || TOOL_TIMEOUT_MS;

/** One tool call as the answer shows and saves it (messages.parts). */
export type ToolPart = {
  type: "tool";
  /** The model's tool call id. */
  id: string;
  /** The name the model called (server__tool). */
  name: string;
  server: string;
  tool: string;
  args: unknown;
  state: "running" | "done" | "error";
  result?: string;
  error?: string;
  durationMs?: number;
  truncated?: boolean;
};

/** What a conversation (or template, or workflow step) asks for. */
export type ToolSelection = {
  /** Servers whose enabled tools are all offered. */
  servers: string[];
  builtins: BuiltinTool[];
  /** Single tools by name (server__tool, or a bare tool name): a template's tools. */
  names?: string[];
};

export type ToolSetOptions = {
  db: Db;
  actor: Actor;
  gateway: Gateway | null;
  selection: ToolSelection;
  context: { messageId?: string | null; workflowRunId?: string | null };
  onPart?: (part: ToolPart) => void;
  timeoutMs?: number;
  maxResultChars?: number;
};

export type TurnTools = {
  tools: ToolSet;
  /** How each offered name maps back to its server and tool. */
  index: Map<string, { server: string; serverId: string | null; tool: string }>;
  /** Selected tools that could not be offered, and why (shown to the user, never fatal). */
  unavailable: string[];
  /** Closes every client this turn opened. Call it when the turn ends, however it ends. */
  close(): Promise<void>;
};

type Entry = { name: string; info: McpToolInfo; server: McpServer | null };

class ToolTimeout extends Error {
  constructor(ms: number) {
    super(`timeout: the tool did not answer within ${Math.round(ms / 1000)} s.`);
  }
}

/**
 * The tools of one model's turn: enabled tools of the selected servers the actor may use (their
 * own and shared ones) plus Prism's built-ins, each named server__tool. Servers connect lazily, on
 * a tool's first call, so a server that is down costs nothing until used and then fails only its
 * own calls. Every call is bounded (timeout, result cap) and written to mcp_usage.
 */
export async function buildToolSet(o: ToolSetOptions): Promise<TurnTools> {
  const rows = await new McpServerModel(o.db, o.actor).usableRows();
  const entries: Entry[] = [];
  const unavailable: string[] = [];
  const taken = new Set<string>();
  const add = (server: McpServer | null, info: McpToolInfo) => {
    const serverName = server?.name ?? BUILTIN_SERVER;
    let name = namespacedName(serverName, info.name);
    if (taken.has(name) && server) name = namespacedName(`${serverName}_${server.id.slice(0, 4)}`, info.name);
    if (taken.has(name)) return;
    taken.add(name);
    entries.push({ name, info, server });
  };
  for (const id of o.selection.servers) {
    const row = rows.find((r) => r.id === id);
    if (!row) {
      unavailable.push("A selected tool server is no longer available.");
      continue;
    }
    for (const t of row.tools) if (row.enabledTools.includes(t.name)) add(row, t);
  }
  for (const b of o.selection.builtins) if (BUILTIN_TOOLS.includes(b)) add(null, BUILTIN_INFO[b]);
  for (const wanted of o.selection.names ?? []) {
    const found = resolveName(wanted, rows);
    if (found) add(found.server, found.info);
    else unavailable.push(`The tool ${wanted} is not available to you.`);
  }

  const clients = new Map<string, Promise<MCPClient>>();
  const clientFor = (row: McpServer): Promise<MCPClient> => {
    let c = clients.get(row.id);
    if (!c) {
      c = openClient(o.db, row).catch(async (err) => {
        const message = describeMcpError(err, row);
        await o.db
          .update(mcpServers)
          .set({ status: "error", lastError: message })
          .where(eq(mcpServers.id, row.id))
          .catch(() => {});
        throw new Error(message);
      });
      clients.set(row.id, c);
    }
    return c;
  };

  const timeoutMs = o.timeoutMs ?? toolTimeoutMs();
  const maxChars = o.maxResultChars ?? MAX_RESULT_CHARS;
  const tools: ToolSet = {};
  const index: TurnTools["index"] = new Map();
  for (const e of entries) {
    const serverName = e.server?.name ?? BUILTIN_SERVER;
    index.set(e.name, { server: serverName, serverId: e.server?.id ?? null, tool: e.info.name });
    const destructive = e.info.annotations?.destructiveHint === true;
    tools[e.name] = tool({
      description: `${e.info.description ?? e.info.name} (tool of ${serverName})`.slice(0, 1024),
      inputSchema: jsonSchema<Record<string, unknown>>({
        ...e.info.inputSchema,
        type: "object",
        properties: (e.info.inputSchema.properties as Record<string, unknown> | undefined) ?? {},
      }),
      execute: async (input: Record<string, unknown>, options: ToolExecutionOptions) => {
        const started = performance.now();
        const part: ToolPart = {
          type: "tool",
          id: options.toolCallId,
          name: e.name,
          server: serverName,
          tool: e.info.name,
          args: input,
          state: "running",
        };
        o.onPart?.({ ...part });
        const finish = async (r: { text: string; truncated?: boolean } | { error: string }) => {
          const durationMs = Math.round(performance.now() - started);
          const ok = "text" in r;
          Object.assign(
            part,
            ok
              ? { state: "done", result: r.text, truncated: r.truncated || undefined }
              : { state: "error", error: r.error },
            { durationMs },
          );
          o.onPart?.({ ...part });
          await recordToolCall(o.db, {
            userId: o.actor.id,
            serverId: e.server?.id ?? null,
            serverName,
            toolName: e.info.name,
            success: ok,
            latencyMs: durationMs,
            error: ok ? (r.truncated ? "truncated: the result was cut to the size cap" : null) : r.error,
            tokensUsed: ok ? estimateTokens(r.text) : 0,
            messageId: o.context.messageId ?? null,
            workflowRunId: o.context.workflowRunId ?? null,
          });
        };
        if (destructive) {
          const error = `denied: ${e.info.name} says it changes or deletes data, and Prism does not run such tools without approval.`;
          await finish({ error });
          throw new Error(error);
        }
        const timeout = new AbortController();
        const signal = options.abortSignal
          ? AbortSignal.any([options.abortSignal, timeout.signal])
          : timeout.signal;
        let timer: NodeJS.Timeout | undefined;
        try {
          const run = async (): Promise<string> => {
            if (!e.server) return runBuiltin(e.info.name as BuiltinTool, input, { ...o, signal });
            const client = await clientFor(e.server);
            const [def] = Object.values(client.toolsFromDefinitions({ tools: [toDefinition(e.info)] }));
            if (!def?.execute) throw new Error("The server's tool could not be prepared.");
            const raw = await def.execute(input, { ...options, abortSignal: signal });
            const { text, isError } = resultText(raw);
            if (isError) throw new Error(text || "The tool reported an error.");
            return text;
          };
          const text = await Promise.race([
            run(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                timeout.abort();
                reject(new ToolTimeout(timeoutMs));
              }, timeoutMs);
            }),
          ]);
          const capped = capResult(text, maxChars);
          await finish(capped);
          return capped.text;
        } catch (err) {
          const error =
            err instanceof ToolTimeout
              ? err.message
              : options.abortSignal?.aborted
                ? "aborted: the turn was stopped."
                : errorText(err);
          await finish({ error });
          throw new Error(error);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }
  return {
    tools,
    index,
    unavailable,
    close: async () => {
      await Promise.all(
        [...clients.values()].map((c) =>
          c.then(
            (client) => client.close(),
            () => {},
          ),
        ),
      ).catch(() => {});
    },
  };
}

function toDefinition(info: McpToolInfo) {
  return {
    name: info.name,
    description: info.description,
    inputSchema: { ...info.inputSchema, type: "object" as const },
  };
}

function errorText(err: unknown): string {
  if (err instanceof Error && !("code" in err && typeof (err as { code?: unknown }).code === "string"))
    return err.message.slice(0, 1000);
  return toAppError(err).message;
}

/** A template's tool name: server__tool of a usable server's enabled tool, a built-in, or a bare name. */
function resolveName(
  wanted: string,
  rows: McpServer[],
): { server: McpServer | null; info: McpToolInfo } | null {
  for (const b of BUILTIN_TOOLS)
    if (wanted === b || wanted === namespacedName(BUILTIN_SERVER, b))
      return { server: null, info: BUILTIN_INFO[b] };
  for (const r of rows) {
    for (const t of r.tools) {
      if (!r.enabledTools.includes(t.name)) continue;
      if (wanted === namespacedName(r.name, t.name) || wanted === t.name) return { server: r, info: t };
    }
  }
  return null;
}
