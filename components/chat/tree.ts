import type { ChatMessage } from "./types";

/**
 * The message tree as the transcript shows it (pure). A user message follows an answer (or starts
 * the conversation); its answers are grouped in turns (the answers produced together share a turn
 * id); the prompts that follow a turn are the user messages whose parent is one of its answers.
 * One path is shown: at each level the most recent prompt and turn, unless the user picked another.
 */

export const ROOT = "root";

export type Turn = {
  id: string;
  userMessageId: string;
  answers: ChatMessage[];
  fused: ChatMessage[];
};

export type Tree = {
  byId: Map<string, ChatMessage>;
  /** Level key (ROOT or a turn id) → the prompts at that level, oldest first. */
  prompts: Map<string, ChatMessage[]>;
  /** User message id → its turns, oldest first. */
  turns: Map<string, Turn[]>;
};

/** Which prompt is shown at a level, and which turn under a prompt (ids; missing = most recent). */
export type Selection = { branch: Record<string, string>; turn: Record<string, string> };

export type Row =
  | { type: "user"; key: string; message: ChatMessage; level: string; siblings: ChatMessage[] }
  | { type: "turn"; key: string; userMessage: ChatMessage; turn: Turn; turns: Turn[] }
  | { type: "pending"; key: string; userMessage: ChatMessage };

const turnKey = (m: ChatMessage) => m.turnId ?? m.id;

const byTime = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

/** The level a prompt belongs to: the turn of the answer it follows, or the root. */
export function levelOf(parentId: string | null, byId: ReadonlyMap<string, ChatMessage>): string {
  if (!parentId) return ROOT;
  const parent = byId.get(parentId);
  return parent ? turnKey(parent) : parentId;
}

export function buildTree(messages: readonly ChatMessage[]): Tree {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const prompts = new Map<string, ChatMessage[]>();
  const turns = new Map<string, Turn[]>();
  const turnById = new Map<string, Turn>();
  for (const m of [...messages].sort(byTime)) {
    if (m.role === "user") {
      const level = levelOf(m.parentId, byId);
      const list = prompts.get(level) ?? [];
      list.push(m);
      prompts.set(level, list);
      continue;
    }
    if (!m.parentId) continue;
    const id = turnKey(m);
    let turn = turnById.get(id);
    if (!turn) {
      turn = { id, userMessageId: m.parentId, answers: [], fused: [] };
      turnById.set(id, turn);
      const list = turns.get(m.parentId) ?? [];
      list.push(turn);
      turns.set(m.parentId, list);
    }
    (m.kind === "fused" ? turn.fused : turn.answers).push(m);
  }
  return { byId, prompts, turns };
}

const pick = <T extends { id: string }>(list: readonly T[], chosen: string | undefined): T =>
  list.find((x) => x.id === chosen) ?? (list[list.length - 1] as T);

/** The rows of the shown path, from the first prompt to the last turn. */
export function visibleRows(tree: Tree, selection: Selection): Row[] {
  const rows: Row[] = [];
  let level = ROOT;
  const seen = new Set<string>();
  for (;;) {
    const siblings = tree.prompts.get(level);
    if (!siblings?.length || seen.has(level)) break;
    seen.add(level);
    const message = pick(siblings, selection.branch[level]);
    rows.push({ type: "user", key: message.id, message, level, siblings });
    const turns = tree.turns.get(message.id);
    if (!turns?.length) {
      rows.push({ type: "pending", key: `pending:${message.id}`, userMessage: message });
      break;
    }
    const turn = pick(turns, selection.turn[message.id]);
    rows.push({ type: "turn", key: `turn:${turn.id}`, userMessage: message, turn, turns });
    level = turn.id;
  }
  return rows;
}

/** The answer a prompt after this turn follows: its (latest) fused answer, else its first answer. */
export function continuationOf(turn: Turn): ChatMessage | undefined {
  return turn.fused[turn.fused.length - 1] ?? turn.answers[0];
}

/** Where the next prompt attaches, given the shown rows. */
export function nextParentId(rows: readonly Row[]): string | null {
  const last = rows[rows.length - 1];
  if (!last) return null;
  if (last.type === "turn") return continuationOf(last.turn)?.id ?? null;
  // A prompt that got no answer: the next one becomes its sibling.
  if (last.type === "pending") return last.userMessage.parentId;
  return last.message.parentId;
}

/** Characters of the shown branch (prompts and the answers the branch continues from). */
export function branchChars(rows: readonly Row[]): number {
  let chars = 0;
  for (const row of rows) {
    if (row.type === "user") chars += row.message.content.length;
    else if (row.type === "turn") chars += continuationOf(row.turn)?.content.length ?? 0;
  }
  return chars;
}

/** The selection that shows a newly added prompt at its level. */
export function selectPrompt(
  selection: Selection,
  parentId: string | null,
  messageId: string,
  byId: ReadonlyMap<string, ChatMessage>,
): Selection {
  return { ...selection, branch: { ...selection.branch, [levelOf(parentId, byId)]: messageId } };
}
