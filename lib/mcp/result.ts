/** What a tool call may hand back to the model at most (characters, ~5k tokens). */
export const MAX_RESULT_CHARS = 20_000;

type Content = { type: string; text?: unknown; uri?: unknown; mimeType?: unknown; resource?: unknown };

/**
 * An MCP tools/call result as the text the model reads: text blocks as they are, other blocks as
 * a short note (images are not forwarded), structured content as JSON when there is no text.
 */
export function resultText(result: unknown): { text: string; isError: boolean } {
  if (typeof result === "string") return { text: result, isError: false };
  const r = (result ?? {}) as { content?: unknown; structuredContent?: unknown; isError?: unknown };
  const blocks = Array.isArray(r.content) ? (r.content as Content[]) : [];
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.type === "text" && typeof b.text === "string") parts.push(b.text);
    else if (b.type === "resource" && b.resource && typeof (b.resource as Content).text === "string")
      parts.push(String((b.resource as Content).text));
    else if (b.type === "resource_link") parts.push(`[resource ${String(b.uri)}]`);
    else parts.push(`[${b.type}${typeof b.mimeType === "string" ? ` ${b.mimeType}` : ""} omitted]`);
  }
  if (!parts.length && r.structuredContent !== undefined) parts.push(JSON.stringify(r.structuredContent));
  if (!parts.length && !Array.isArray(r.content)) parts.push(JSON.stringify(result));
  return { text: parts.join("\n"), isError: r.isError === true };
}

/** Cuts a result to the cap, saying so, so one huge answer cannot flood the model's context. */
export function capResult(text: string, max = MAX_RESULT_CHARS): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  return {
    text: `${text.slice(0, max)}\n…[truncated: ${text.length - max} more characters not shown]`,
    truncated: true,
  };
}
