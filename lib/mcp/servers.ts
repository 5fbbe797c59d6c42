import { and, asc, eq, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type McpServer, type McpToolInfo, mcpServers } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, isAdmin, requireAdmin } from "@/lib/auth/actor";
import { keyRing } from "@/lib/crypto/keyring";
import { encryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { decryptHeaders, listServerTools } from "./connect";
import { serverInput, serverUpdate, stdioEnabled } from "./schemas";

export { stdioEnabled };

/** What pages may show of a server: header names, never their values. */
export type McpServerView = {
  id: string;
  name: string;
  shared: boolean;
  ownedByMe: boolean;
  transport: McpServer["transport"];
  url: string | null;
  command: string | null;
  args: string[];
  headerNames: string[];
  enabled: boolean;
  status: McpServer["status"];
  lastError: string | null;
  tools: McpToolInfo[];
  enabledTools: string[];
  toolsRefreshedAt: Date | null;
};

type Stored = McpServer & { headerNames?: string[] };

/**
 * MCP servers of one actor: their own, and (to use) the ones admins share with everyone. Shared
 * servers — and stdio servers, always shared — are created and changed by admins only. Another
 * user's server is "not found".
 */
export class McpServerModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  private usable(): SQL {
    return or(eq(mcpServers.userId, this.actor.id), eq(mcpServers.shared, true)) as SQL;
  }

  private changeable(): SQL {
    return isAdmin(this.actor)
      ? (or(eq(mcpServers.userId, this.actor.id), eq(mcpServers.shared, true)) as SQL)
      : and(eq(mcpServers.userId, this.actor.id), eq(mcpServers.shared, false))!;
  }

  async list(scope: "usable" | "own" | "shared" = "usable"): Promise<McpServerView[]> {
    if (scope === "shared") requireAdmin(this.actor);
    const where =
      scope === "own"
        ? and(eq(mcpServers.userId, this.actor.id), eq(mcpServers.shared, false))
        : scope === "shared"
          ? eq(mcpServers.shared, true)
          : this.usable();
    const rows = await this.db
      .select()
      .from(mcpServers)
      .where(where)
      .orderBy(asc(mcpServers.name), asc(mcpServers.id));
    return rows.filter((r) => r.transport !== "stdio" || stdioEnabled()).map((r) => this.view(r));
  }

  async get(id: string): Promise<McpServerView> {
    return this.view(await this.load(id, this.usable()));
  }

  /** The rows a turn may call tools of: enabled servers this actor may use (stdio only when allowed). */
  async usableRows(ids?: readonly string[]): Promise<McpServer[]> {
    const rows = await this.db
      .select()
      .from(mcpServers)
      .where(and(this.usable(), eq(mcpServers.enabled, true)));
    return rows.filter((r) => (r.transport !== "stdio" || stdioEnabled()) && (!ids || ids.includes(r.id)));
  }

  private async load(id: string, where: SQL): Promise<McpServer> {
    assertId(id, "That MCP server");
    const [row] = await this.db
      .select()
      .from(mcpServers)
      .where(and(eq(mcpServers.id, id), where));
    if (!row || (row.transport === "stdio" && !stdioEnabled())) throw notFound("That MCP server");
    return row;
  }

  private view(r: Stored): McpServerView {
    return {
      id: r.id,
      name: r.name,
      shared: r.shared,
      ownedByMe: r.userId === this.actor.id,
      transport: r.transport,
      url: r.url,
      command: r.command,
      args: r.args,
      headerNames: headerNamesOf(r),
      enabled: r.enabled,
      status: r.status,
      lastError: r.lastError,
      tools: r.tools,
      enabledTools: r.enabledTools,
      toolsRefreshedAt: r.toolsRefreshedAt,
    };
  }

  async create(input: unknown, opts: { shared: boolean }, ctx: RequestContext): Promise<McpServerView> {
    if (opts.shared) requireAdmin(this.actor);
    const data = parseInput(serverInput, input);
    if (data.transport === "stdio") {
      requireAdmin(this.actor);
      if (!stdioEnabled())
        throw new AppError(
          "forbidden",
          "stdio MCP servers are off on this instance (the administrator sets PRISM_MCP_STDIO=1 to allow them).",
          { field: "transport" },
        );
      if (!opts.shared) throw new AppError("forbidden", "stdio servers are shared servers (Admin → Tools).");
    }
    await this.assertNameFree(data.name, opts.shared);
    const ring = keyRing();
    const hdrs = data.transport === "stdio" ? undefined : data.headers;
    const hasHeaders = !!hdrs && Object.keys(hdrs).length > 0;
    const created = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(mcpServers)
        .values({
          userId: this.actor.id,
          name: data.name,
          shared: opts.shared,
          transport: data.transport,
          url: data.transport === "stdio" ? null : data.url,
          command: data.transport === "stdio" ? data.command : null,
          args: data.transport === "stdio" ? data.args : [],
          headersEncrypted: hasHeaders ? encryptHeaders(hdrs, ring) : null,
          keyVersion: hasHeaders ? ring.current : null,
        })
        .returning();
      if (!row) throw new AppError("internal", "Could not save the MCP server.");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "mcp_server",
          entityId: row.id,
          action: "created",
          after: {
            name: row.name,
            transport: row.transport,
            url: row.url,
            command: row.command,
            args: row.args,
            headerNames: Object.keys(hdrs ?? {}),
            shared: row.shared,
          },
        },
        ctx,
      );
      return row;
    });
    // Connect at once so the page shows its tools (or why it cannot reach them).
    return this.refresh(created.id);
  }

  async update(id: string, input: unknown, ctx: RequestContext): Promise<McpServerView> {
    const data = parseInput(serverUpdate, input);
    const current = await this.load(id, this.changeable());
    if (data.url && current.transport === "stdio")
      throw new AppError("bad_request", "A stdio server has a command, not a URL.", { field: "url" });
    if (data.name && data.name !== current.name) await this.assertNameFree(data.name, current.shared);
    if (data.enabledTools) {
      const known = new Set(current.tools.map((t) => t.name));
      const unknown = data.enabledTools.find((t) => !known.has(t));
      if (unknown)
        throw new AppError(
          "validation_failed",
          `enabledTools: ${current.name} has no tool named ${unknown}.`,
          {
            field: "enabledTools",
          },
        );
    }
    const ring = keyRing();
    const set: Partial<typeof mcpServers.$inferInsert> = {};
    if (data.name !== undefined) set.name = data.name;
    if (data.enabled !== undefined) set.enabled = data.enabled;
    if (data.enabledTools !== undefined) set.enabledTools = [...new Set(data.enabledTools)];
    if (data.url !== undefined) set.url = data.url;
    if (data.headers !== undefined) {
      const has = Object.keys(data.headers).length > 0;
      set.headersEncrypted = has ? encryptHeaders(data.headers, ring) : null;
      set.keyVersion = has ? ring.current : null;
    }
    if (data.url !== undefined || data.headers !== undefined) {
      set.status = "disconnected";
      set.lastError = null;
    }
    await this.db.transaction(async (tx) => {
      await tx.update(mcpServers).set(set).where(eq(mcpServers.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "mcp_server",
          entityId: id,
          action: data.headers !== undefined ? "credentials_replaced" : "updated",
          before: {
            name: current.name,
            url: current.url,
            enabled: current.enabled,
            enabledTools: current.enabledTools,
          },
          after: {
            name: set.name ?? current.name,
            url: set.url ?? current.url,
            enabled: set.enabled ?? current.enabled,
            enabledTools: set.enabledTools ?? current.enabledTools,
            ...(data.headers ? { headerNames: Object.keys(data.headers) } : {}),
          },
        },
        ctx,
      );
    });
    return this.get(id);
  }

  async remove(id: string, ctx: RequestContext): Promise<void> {
    const current = await this.load(id, this.changeable());
    await this.db.transaction(async (tx) => {
      await tx.delete(mcpServers).where(eq(mcpServers.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "mcp_server",
          entityId: id,
          action: "deleted",
          before: {
            name: current.name,
            transport: current.transport,
            url: current.url,
            shared: current.shared,
          },
        },
        ctx,
      );
    });
  }

  /**
   * Connects and lists the server's tools: the list is cached on the row with the time, and the
   * status says whether it answered (with the reason when not). Enabled tools that are gone are
   * dropped from the enabled list.
   */
  async refresh(id: string): Promise<McpServerView> {
    const row = await this.load(id, this.changeable());
    const listed = await listServerTools(this.db, row);
    const set: Partial<typeof mcpServers.$inferInsert> = listed.ok
      ? {
          status: "connected",
          lastError: null,
          tools: listed.tools,
          enabledTools: row.enabledTools.filter((t) => listed.tools.some((x) => x.name === t)),
          toolsRefreshedAt: new Date(),
        }
      : { status: "error", lastError: listed.error };
    await this.db.update(mcpServers).set(set).where(eq(mcpServers.id, id));
    return this.get(id);
  }

  private async assertNameFree(serverName: string, shared: boolean): Promise<void> {
    // The unique key is (owner, name); shared servers also share one namespace among themselves.
    const where = shared
      ? or(eq(mcpServers.shared, true), eq(mcpServers.userId, this.actor.id))
      : eq(mcpServers.userId, this.actor.id);
    const rows = await this.db.select({ name: mcpServers.name }).from(mcpServers).where(where);
    if (rows.some((r) => r.name.toLowerCase() === serverName.toLowerCase()))
      throw new AppError("conflict", `There is already a server named ${serverName}.`, { field: "name" });
  }
}

function encryptHeaders(h: Record<string, string> | undefined, ring: ReturnType<typeof keyRing>): string {
  return encryptSecret(JSON.stringify(h ?? {}), SECRET_PURPOSE.mcpHeaders, ring);
}

/** Header names are kept readable beside the envelope by decrypting only on the server. */
function headerNamesOf(r: Stored): string[] {
  if (!r.headersEncrypted) return [];
  try {
    return Object.keys(decryptHeaders(r));
  } catch {
    return ["(unreadable)"];
  }
}
