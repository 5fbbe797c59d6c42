import type { ModelMessage } from "ai";

/** The text of a model message's content (text parts joined; other parts have none). */
export function messageText(content: ModelMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((p) => ("text" in p && typeof p.text === "string" ? p.text : "")).join("");
}
