import { z } from "zod";
import { BUILTIN_TOOLS } from "./builtin-names";
import type { ToolSelection } from "./toolset";

/** A conversation's tool selector as saved (`metadata.tools`). */
export const toolSelectionSchema = z.object({
  servers: z
    .array(z.uuid("servers: each entry must be a server id"))
    .max(50, "At most 50 servers.")
    .default([]),
  builtins: z.array(z.enum(BUILTIN_TOOLS, "builtins: an unknown built-in tool")).max(10).default([]),
});

/** The saved selection, or an empty one when absent or malformed. */
export function savedSelection(metadata: Record<string, unknown> | null | undefined): ToolSelection {
  const parsed = toolSelectionSchema.safeParse(metadata?.tools);
  return parsed.success ? parsed.data : { servers: [], builtins: [] };
}

/**
 * What a turn offers: the conversation's selection plus the tools its template names. Null when
 * nothing is selected — the turn then keeps the plain streaming path.
 */
export function turnSelection(
  metadata: Record<string, unknown> | null | undefined,
  templateTools: readonly string[] = [],
): ToolSelection | null {
  const s = savedSelection(metadata);
  const names = [...new Set(templateTools)];
  if (!s.servers.length && !s.builtins.length && !names.length) return null;
  return { ...s, names };
}
