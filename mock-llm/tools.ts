/**
 * Tool calling, as the OpenAI Chat Completions and Anthropic Messages APIs publish it.
 *
 * The `tool` directive scripts the calls: `tool=lookup` makes the model call the offered tool named
 * `lookup` (or one whose name ends in `__lookup`, Prism's `server__tool` namespacing) while the
 * conversation holds no tool result yet; `tool=a|b` calls `a`, then `b` once `a`'s result is back,
 * then answers. `tool_args` is the calls' arguments as URL-encoded JSON (default `{}`). A tool that
 * is not offered is never called: the model answers instead. After the last result the default
 * answer is `Tool result: <the last result's text>`.
 */
import type { Behaviour } from "./behaviour";
import { contentText, isRecord } from "./content";

export interface ToolCall {
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

/** Names of the tools a request offers (OpenAI `tools[].function.name`, Anthropic `tools[].name`). */
export function offeredTools(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.tools)) return [];
  const names: string[] = [];
  for (const tool of body.tools) {
    if (!isRecord(tool)) continue;
    const fn = isRecord(tool.function) ? tool.function : tool;
    if (typeof fn.name === "string") names.push(fn.name);
  }
  return names;
}

/** Tool results in a conversation: OpenAI `role: "tool"` messages or Anthropic `tool_result` blocks. */
export function toolResults(messages: readonly unknown[]): string[] {
  const results: string[] = [];
  for (const m of messages) {
    if (!isRecord(m)) continue;
    if (m.role === "tool") results.push(contentText(m.content));
    else if (m.role === "user" && Array.isArray(m.content)) {
      for (const block of m.content) {
        if (isRecord(block) && block.type === "tool_result") results.push(contentText(block.content));
      }
    }
  }
  return results;
}

/** The call this turn makes, or null when the model should answer in text. */
export function nextToolCall(
  b: Pick<Behaviour, "tools" | "toolArgs">,
  body: Record<string, unknown>,
  messages: readonly unknown[],
): ToolCall | null {
  if (b.tools.length === 0 || body.tool_choice === "none") return null;
  const step = toolResults(messages).length;
  const wanted = b.tools[step];
  if (wanted === undefined) return null;
  const name = offeredTools(body).find((n) => n === wanted || n.endsWith(`__${wanted}`));
  if (name === undefined) return null;
  return { name, arguments: b.toolArgs ?? "{}" };
}

/** The answer after tools ran: `Tool result: <last result>` unless a reply is scripted. */
export function answerAfterTools(messages: readonly unknown[]): string | null {
  const results = toolResults(messages);
  const last = results[results.length - 1];
  return last === undefined ? null : `Tool result: ${last.slice(0, 500)}`;
}

/** The arguments JSON in a few pieces, streamed the way providers send partial JSON. */
export function argumentChunks(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / 3));
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += size) chunks.push(json.slice(i, i + size));
  return chunks.length > 0 ? chunks : [""];
}
