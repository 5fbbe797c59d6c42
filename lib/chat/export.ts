import type { ToolPart } from "@/lib/mcp/toolset";
import type { StoredTerms } from "@/lib/terminology/apply";
import type { ConversationRow, MessageRow } from "./conversations";

function termsOf(m: MessageRow): StoredTerms | null {
  const t = m.metadata?.terms as StoredTerms | undefined;
  return t && Array.isArray(t.check?.items) ? t : null;
}

/** The tool calls saved in an answer's parts. */
function toolsOf(m: MessageRow): ToolPart[] {
  return (Array.isArray(m.parts) ? m.parts : []).filter(
    (p): p is ToolPart => typeof p === "object" && p !== null && (p as { type?: unknown }).type === "tool",
  );
}

/** An answer's tool calls as Markdown: one quoted block per call with its arguments and result. */
export function toolLines(parts: readonly ToolPart[]): string[] {
  const lines: string[] = [];
  for (const p of parts) {
    const took = typeof p.durationMs === "number" ? `, ${p.durationMs} ms` : "";
    lines.push(`> **Tool ${p.tool}** (${p.server}${took}) — ${p.state === "error" ? "failed" : "done"}`);
    lines.push(`> Arguments: \`${JSON.stringify(p.args ?? {})}\``);
    const out = p.state === "error" ? `Error: ${p.error ?? ""}` : (p.result ?? "");
    lines.push(`> ${p.state === "error" ? "" : "Result: "}${out.slice(0, 2000).replace(/\n/g, "\n> ")}`, "");
  }
  return lines;
}

/** One line on an answer's term check: "Terms 1/2 — “colour” → use “color”; palette: used". */
export function termLine(t: StoredTerms): string {
  const used = t.check.items.filter((i) => i.status === "used").length;
  const parts = t.check.items.map((i) =>
    i.status === "forbidden_used"
      ? `“${i.forbidden[0]?.text ?? ""}” → use “${i.term}”`
      : `${i.term}: ${i.status === "used" ? "used" : "missing"}`,
  );
  return `_Terms ${used}/${t.check.items.length} — ${parts.join("; ")}_`;
}

/** The conversation as Markdown: every message in order, answers labelled with their model and status. */
export function toMarkdown(
  conversation: Pick<ConversationRow, "title" | "createdAt">,
  all: readonly MessageRow[],
): string {
  const lines = [
    `# ${conversation.title ?? "Conversation"}`,
    "",
    `_Exported from Prism on ${new Date().toISOString().slice(0, 10)}; started ${conversation.createdAt.toISOString().slice(0, 10)}._`,
    "",
  ];
  for (const m of all) {
    if (m.role === "user") {
      lines.push("## You", "", m.content, "");
    } else if (m.role === "assistant") {
      const who =
        m.kind === "fused" ? `Fused answer (${m.modelName ?? "model"})` : (m.modelName ?? "Assistant");
      const status =
        m.status === "complete" ? "" : ` — ${m.status}${m.errorMessage ? `: ${m.errorMessage}` : ""}`;
      lines.push(`### ${who}${status}`, "");
      const terms = termsOf(m);
      if (terms?.check.items.length) lines.push(termLine(terms), "");
      lines.push(...toolLines(toolsOf(m)));
      lines.push(m.content || "_(no text)_", "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The conversation as JSON: the message tree with metering, no owner information. */
export function toJson(
  conversation: Pick<
    ConversationRow,
    "id" | "title" | "mode" | "createdAt" | "totalCost" | "totalTokensUsed"
  >,
  all: readonly MessageRow[],
) {
  return {
    id: conversation.id,
    title: conversation.title,
    mode: conversation.mode,
    createdAt: conversation.createdAt.toISOString(),
    totalCostUsd: conversation.totalCost,
    totalTokens: conversation.totalTokensUsed,
    messages: all.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      turnId: m.turnId,
      role: m.role,
      kind: m.kind,
      model: m.modelName,
      provider: m.providerSlug,
      status: m.status,
      error: m.errorMessage,
      content: m.content,
      tokensIn: m.tokensIn,
      tokensOut: m.tokensOut,
      costUsd: m.cost,
      latencyMs: m.latencyMs,
      ttftMs: m.ttftMs,
      terms: termsOf(m),
      tools: toolsOf(m).map((p) => ({
        name: p.tool,
        server: p.server,
        arguments: p.args,
        state: p.state,
        result: p.result ?? null,
        error: p.error ?? null,
        durationMs: p.durationMs ?? null,
      })),
      createdAt: m.createdAt.toISOString(),
    })),
  };
}
