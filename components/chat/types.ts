import type { ToolPart, ToolSelection } from "@/lib/mcp/toolset";
import type { TermCheck } from "@/lib/terminology/match";

export type { ToolPart, ToolSelection };

/** Shapes the chat UI works with (plain JSON: dates are ISO strings, money is a USD string). */

export type MessageStatus = "streaming" | "complete" | "error" | "aborted";

export type AppliedTerm = { id: string; term: string };

/**
 * The dictionary entries a turn added to this answer's system prompt, and the check of the answer
 * against them (null while it streams, or when it did not finish).
 */
export type MessageTerms = { applied: AppliedTerm[]; check: TermCheck | null };

export type ChatMessage = {
  id: string;
  parentId: string | null;
  turnId: string | null;
  role: "user" | "assistant";
  kind: "answer" | "fused";
  content: string;
  status: MessageStatus;
  errorMessage: string | null;
  modelId: string | null;
  providerSlug: string | null;
  /** The catalog name saved with the message (the display name while it streams). */
  modelName: string | null;
  tokensIn: number;
  tokensOut: number;
  cost: string;
  latencyMs: number | null;
  ttftMs: number | null;
  /** Token counts were estimated (the provider reported no usage). */
  estimated: boolean;
  /** Terminology applied to this answer (null when the turn used none). */
  terms: MessageTerms | null;
  /** The answer's tool calls, in call order (saved in messages.parts). */
  tools: ToolPart[];
  createdAt: string;
};

export type Target = { modelId: string; integrationId: null };

export type ModelOption = {
  id: string;
  name: string;
  displayName: string;
  provider: string;
  providerName: string;
  providerStatus: string;
  contextWindow: number | null;
  /** USD per million tokens. */
  pricing: { input?: number; output?: number };
};

export type Score = { accuracy: number | null; relevance: number | null; overall: number };

export type Feedback = {
  votes: { turnId: string; messageId: string }[];
  scores: ({ messageId: string } & Score)[];
};

export type InitialConversation = {
  id: string;
  title: string | null;
  shareToken: string | null;
  participants: { modelId: string }[];
  messages: ChatMessage[];
  feedback: Feedback;
  /** The conversation's "Use my terminology" switch; null when never set (on once the dictionary has entries). */
  useTerminology: boolean | null;
  /** The conversation's tool selector (servers and built-ins its answers may call). */
  tools?: ToolSelection;
  /** The template the conversation runs, if any (name and listing only, never its prompt). */
  template?: { name: string; slug: string; version: number | null } | null;
};

export type ConversationListItem = {
  id: string;
  title: string | null;
  mode: string;
  lastMessageAt: string | null;
  createdAt: string;
  totalCost: string;
  totalTokensUsed: number;
  shared: boolean;
  snippet?: string | null;
};

export type ChatSetup = {
  models: ModelOption[];
  maxModels: number;
  planName: string;
  /** The sentence naming the compare limit and why it applies (plan, or the admins' exemption). */
  compareNote: string;
  /** The instance's default models (Admin → first-run guide) this user can use, in order. */
  defaultModelIds: string[];
  /** Administrators see the first-run guide instead of an empty picker. */
  isAdmin: boolean;
  /** The user's terminology dictionary has entries (the chat's terminology switch is on by default then). */
  hasTerminology: boolean;
  /** What the tool selector offers: the user's and shared servers with enabled tools, and built-ins. */
  toolOptions: ToolOption[];
};

/** One entry of the chat's tool selector. */
export type ToolOption = {
  kind: "server" | "builtin";
  id: string;
  label: string;
  detail: string;
};

type RawMessage = {
  id: string;
  parentId: string | null;
  turnId: string | null;
  role: string;
  kind: string;
  content: string;
  status: string;
  errorMessage: string | null;
  modelId: string | null;
  providerSlug: string | null;
  modelName: string | null;
  tokensIn: number;
  tokensOut: number;
  cost: string;
  latencyMs: number | null;
  ttftMs: number | null;
  metadata?: Record<string, unknown> | null;
  parts?: unknown[] | null;
  createdAt: Date | string;
};

const STATUSES: readonly string[] = ["streaming", "complete", "error", "aborted"];

/** A saved message row (from the database or the API) as the UI shows it; system and tool rows are left out. */
export function toChatMessage(m: RawMessage): ChatMessage | null {
  if (m.role !== "user" && m.role !== "assistant") return null;
  return {
    id: m.id,
    parentId: m.parentId,
    turnId: m.turnId,
    role: m.role,
    kind: m.kind === "fused" ? "fused" : "answer",
    content: m.content,
    status: (STATUSES.includes(m.status) ? m.status : "complete") as MessageStatus,
    errorMessage: m.errorMessage,
    modelId: m.modelId,
    providerSlug: m.providerSlug,
    modelName: m.modelName,
    tokensIn: m.tokensIn,
    tokensOut: m.tokensOut,
    cost: m.cost,
    latencyMs: m.latencyMs,
    ttftMs: m.ttftMs,
    estimated: m.metadata?.estimated === true,
    terms: termsOf(m.metadata?.terms),
    tools: toolPartsOf(m.parts),
    createdAt: typeof m.createdAt === "string" ? m.createdAt : m.createdAt.toISOString(),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isApplied = (v: unknown): v is AppliedTerm =>
  isObject(v) && typeof v.id === "string" && typeof v.term === "string";

const isSpan = (v: unknown): v is Record<string, unknown> & { text: string } =>
  isObject(v) && typeof v.text === "string" && typeof v.start === "number" && typeof v.end === "number";

/** A message's stored term check (`metadata.terms`, see lib/terminology/apply.ts), if well-formed. */
export function termsOf(raw: unknown): MessageTerms | null {
  if (!isObject(raw) || !Array.isArray(raw.applied) || !raw.applied.every(isApplied)) return null;
  const check = raw.check;
  const valid =
    isObject(check) &&
    check.version === 1 &&
    (check.score === null || typeof check.score === "number") &&
    Array.isArray(check.items) &&
    check.items.every(
      (i) =>
        isObject(i) &&
        typeof i.entryId === "string" &&
        typeof i.term === "string" &&
        ["used", "forbidden_used", "missing"].includes(i.status as string) &&
        Array.isArray(i.spans) &&
        i.spans.every(isSpan) &&
        Array.isArray(i.forbidden) &&
        i.forbidden.every((f) => isSpan(f) && typeof f.replacement === "string"),
    );
  return { applied: raw.applied, check: valid ? (check as TermCheck) : null };
}

/** The tool-call parts of a saved message (well-formed ones only). */
export function toolPartsOf(parts: unknown): ToolPart[] {
  if (!Array.isArray(parts)) return [];
  return parts.filter(
    (p): p is ToolPart =>
      isObject(p) &&
      p.type === "tool" &&
      typeof p.id === "string" &&
      typeof p.name === "string" &&
      typeof p.server === "string" &&
      ["running", "done", "error"].includes(p.state as string),
  );
}

/** A conversation's tool selection as stored (`metadata.tools`), empty when never set. */
export function toolSelectionOf(metadata: unknown): ToolSelection {
  const t = isObject(metadata) && isObject(metadata.tools) ? metadata.tools : {};
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  return {
    servers: strings(t.servers),
    builtins: strings(t.builtins).filter((b): b is ToolSelection["builtins"][number] =>
      ["terminology_lookup", "fetch_page"].includes(b),
    ),
  };
}

/** A conversation's terminology switch as stored (`metadata.useTerminology`): null when never set. */
export function terminologyFlagOf(metadata: unknown): boolean | null {
  const flag = isObject(metadata) ? metadata.useTerminology : undefined;
  return typeof flag === "boolean" ? flag : null;
}

export function toChatMessages(rows: readonly RawMessage[]): ChatMessage[] {
  return rows.map(toChatMessage).filter((m): m is ChatMessage => m !== null);
}

/** The name to show for an answer's model: the catalog's display name when the model is still usable. */
export function modelLabel(m: ChatMessage, models: ReadonlyMap<string, ModelOption>): string {
  return (m.modelId && models.get(m.modelId)?.displayName) || m.modelName || "Unknown model";
}
