/**
 * Pure helpers: message text extraction, token counting, reply generation and deterministic embeddings.
 */
import { createHash } from "node:crypto";
import type { Behaviour } from "./behaviour";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text of a message `content`: a string, or an array of parts whose `text` (or nested `content`) is read. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content) {
    if (typeof part === "string") text += part;
    else if (isRecord(part)) {
      if (typeof part.text === "string") text += part.text;
      else if (part.content !== undefined) text += contentText(part.content);
    }
  }
  return text;
}

/** Total characters of every message's content, plus an Anthropic top-level `system` (string or blocks). */
export function promptChars(messages: readonly unknown[], system?: unknown): number {
  let chars = contentText(system).length;
  for (const m of messages) if (isRecord(m)) chars += contentText(m.content).length;
  return chars;
}

/** Prompt tokens = ceil(characters / 4). */
export function charsToTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function lastUserText(messages: readonly unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isRecord(m) && m.role === "user") return contentText(m.content);
  }
  return "";
}

/** Splits text into tokens: one whitespace-delimited word including its trailing whitespace. */
export function splitTokens(text: string): string[] {
  const tokens: string[] = text.match(/\S+\s*/g) ?? [];
  const lead = /^\s+/.exec(text)?.[0];
  if (lead !== undefined) {
    if (tokens.length > 0) tokens[0] = lead + tokens[0];
    else tokens.push(lead);
  }
  return tokens;
}

const FILLER = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et " +
  "dolore magna aliqua"
).split(" ");

/**
 * The reply tokens for a request: `reply` verbatim, else `Mock reply to: <last user text, max 200 chars>`,
 * padded with filler words (or truncated) to exactly `tokens` tokens when `tokens` is set.
 */
export function replyTokens(b: Pick<Behaviour, "reply" | "tokens">, userText: string): string[] {
  if (b.reply !== null) return splitTokens(b.reply);
  const base = splitTokens(`Mock reply to: ${userText.slice(0, 200)}`);
  if (b.tokens === null) return base;
  if (base.length >= b.tokens) {
    const out = base.slice(0, b.tokens);
    if (out.length > 0) out[out.length - 1] = out[out.length - 1]!.trimEnd();
    return out;
  }
  const last = base.length - 1;
  base[last] = /\s$/.test(base[last]!) ? base[last]! : `${base[last]} `;
  for (let i = 0; base.length < b.tokens; i++) {
    const word = FILLER[i % FILLER.length]!;
    base.push(base.length === b.tokens - 1 ? word : `${word} `);
  }
  return base;
}

/** Applies a `max_tokens` limit: returns the kept tokens and whether the limit cut the reply. */
export function limitTokens(tokens: string[], maxTokens: unknown): { tokens: string[]; truncated: boolean } {
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 0) {
    return { tokens, truncated: false };
  }
  if (tokens.length <= maxTokens) return { tokens, truncated: false };
  return { tokens: tokens.slice(0, maxTokens), truncated: true };
}

export interface PromptUsage {
  /** All prompt tokens, cached ones included (OpenAI's `prompt_tokens`). */
  total: number;
  /** Cached prompt tokens. */
  cached: number;
  /** Prompt tokens that were not cached (Anthropic's `input_tokens`). */
  uncached: number;
}

/** Cached tokens are part of the prompt, so the total is at least the cached count. */
export function promptUsage(estimated: number, cached: number): PromptUsage {
  const total = Math.max(estimated, cached);
  return { total, cached, uncached: total - cached };
}

/**
 * Words the mock treats as meaning the same thing, so tests can find an entry "by meaning" without a
 * real embedding model: every word of a group lands on the same direction of the vector.
 */
const SYNONYMS: readonly (readonly string[])[] = [
  ["car", "cars", "automobile", "automobiles", "vehicle", "vehicles", "auto"],
  ["repair", "repairs", "fix", "fixing", "maintenance", "service", "servicing"],
  ["money", "payment", "payments", "pay", "cash", "funds", "billing", "invoice", "invoices"],
  ["customer", "customers", "client", "clients", "buyer", "buyers", "user", "users"],
  ["fast", "quick", "rapid", "speedy", "latency", "speed"],
  ["error", "errors", "bug", "bugs", "defect", "defects", "fault", "failure"],
  ["contract", "contracts", "agreement", "agreements", "deal"],
  ["colour", "color", "hue", "shade", "palette"],
  ["doctor", "physician", "clinician", "medic"],
  ["house", "home", "dwelling", "residence"],
];
const CONCEPT = new Map<string, string>(
  SYNONYMS.flatMap((group) => group.map((w) => [w, group[0] as string])),
);

function hashedUnit(key: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${key}`).digest();
    for (let i = 0; i + 4 <= digest.length && values.length < dimensions; i += 4) {
      values.push(digest.readUInt32LE(i) / 0x7fffffff - 1);
    }
  }
  return values;
}

/**
 * A deterministic, L2-normalised vector: a bag of the text's words (synonyms of the table above
 * share one direction, so related texts are close) plus a small component from the exact text
 * (so different texts never embed identically).
 */
// Word vectors are the same on every call: kept (bounded), so long texts embed quickly.
const wordVectors = new Map<string, number[]>();
function wordVector(word: string, dimensions: number): number[] {
  const key = `${dimensions}:${CONCEPT.get(word) ?? word}`;
  let v = wordVectors.get(key);
  if (!v) {
    if (wordVectors.size > 50_000) wordVectors.clear();
    v = hashedUnit(`word:${CONCEPT.get(word) ?? word}`, dimensions);
    wordVectors.set(key, v);
  }
  return v;
}

export function embedText(text: string, dimensions: number): number[] {
  const values = hashedUnit(`text:${text}`, dimensions).map((v) => v * 0.2);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const w = wordVector(word, dimensions);
    for (let i = 0; i < dimensions; i++) values[i] = (values[i] as number) + (w[i] as number);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

/** Little-endian float32 bytes, base64-encoded: OpenAI's `encoding_format: "base64"`. */
export function toBase64Float32(vector: readonly number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => {
    buf.writeFloatLE(v, i * 4);
  });
  return buf.toString("base64");
}
