import type { ActionResult } from "@/lib/errors";
import type { McpServerView } from "@/lib/mcp/servers";

/** A server as the Tools pages show it (dates as ISO strings). */
export type ServerItem = Omit<McpServerView, "toolsRefreshedAt"> & {
  toolsRefreshedAt: string | null;
  canManage: boolean;
};

export type ServerFormInput =
  | { transport: "http" | "sse"; name: string; url: string; headers: Record<string, string> }
  | { transport: "stdio"; name: string; command: string; args: string[] };

export type ServerActionSet = {
  create: (
    input: ServerFormInput,
  ) => Promise<ActionResult<{ id: string; status: string; lastError: string | null }>>;
  update: (input: { id: string; enabled?: boolean; enabledTools?: string[] }) => Promise<ActionResult>;
  refresh: (input: {
    id: string;
  }) => Promise<ActionResult<{ status: string; lastError: string | null; tools: number }>>;
  remove: (input: { id: string }) => Promise<ActionResult>;
};

export function toServerItem(v: McpServerView, canManage: boolean): ServerItem {
  return { ...v, toolsRefreshedAt: v.toolsRefreshedAt?.toISOString() ?? null, canManage };
}
