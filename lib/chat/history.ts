import type { ModelMessage } from "ai";
import type { MessageRow } from "./conversations";

/** Root-to-leaf path of the branch that ends at `leafId` (or empty). */
export function branchPath(all: readonly MessageRow[], leafId: string | null): MessageRow[] {
  const byId = new Map(all.map((m) => [m.id, m]));
  const path: MessageRow[] = [];
  const seen = new Set<string>();
  for (
    let cur = leafId ? byId.get(leafId) : undefined;
    cur && !seen.has(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined
  ) {
    seen.add(cur.id);
    path.push(cur);
  }
  return path.reverse();
}

/**
 * The model context for one column: the branch's user messages, and for each earlier turn this
 * model's own answer when it gave one (else the answer the branch went on from). Failed and empty
 * answers are left out.
 */
export function contextFor(
  all: readonly MessageRow[],
  path: readonly MessageRow[],
  modelId: string,
): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const m of path) {
    if (m.role === "user") {
      out.push({ role: "user", content: m.content });
      continue;
    }
    if (m.role !== "assistant") continue;
    const own = all.find(
      (x) =>
        x.turnId &&
        x.turnId === m.turnId &&
        x.modelId === modelId &&
        x.kind === "answer" &&
        x.status === "complete",
    );
    const chosen = own ?? m;
    if (chosen.content.trim() && chosen.status !== "error")
      out.push({ role: "assistant", content: chosen.content });
  }
  return out;
}

/** A short title from the first prompt when no model could write one. */
export function fallbackTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  const firstSentence = line.split(/(?<=[.!?])\s/)[0] ?? line;
  const base =
    firstSentence.length > 60 ? `${firstSentence.slice(0, 57).replace(/\s+\S*$/, "")}…` : firstSentence;
  return base || "New conversation";
}
