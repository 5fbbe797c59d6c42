import { api } from "./api";
import type { Selection } from "./tree";
import {
  type ChatMessage,
  type Feedback,
  type InitialConversation,
  type Score,
  type Target,
  type ToolSelection,
  terminologyFlagOf,
  toChatMessages,
  toolSelectionOf,
} from "./types";

export type ConversationState = {
  id: string;
  title: string | null;
  shareToken: string | null;
  messages: ChatMessage[];
  /** The "Use my terminology" switch as saved; null when never set (the dictionary decides). */
  useTerminology: boolean | null;
  /** The tool selector as saved (servers and built-ins the answers may call). */
  tools: ToolSelection;
  /** Turn id → the answer voted best. */
  votes: Record<string, string>;
  scores: Record<string, Score>;
  targets: Target[];
  selection: Selection;
  /** A request is running whose answers have not all finished. */
  sending: boolean;
};

export type Request = {
  controller: AbortController;
  expected: number;
  started: Set<string>;
  done: Set<string>;
  settled: boolean;
  optimisticId?: string;
};

/** What a store starts from: the loaded conversation (the switch may be left out: unknown yet). */
export type StoreSeed = Omit<InitialConversation, "participants" | "useTerminology"> & {
  useTerminology?: boolean | null;
};

export type SendResult = { ok: true } | { ok: false; message: string };

export const feedbackState = (f: Feedback) => ({
  votes: Object.fromEntries(f.votes.map((v) => [v.turnId, v.messageId])),
  scores: Object.fromEntries(
    f.scores.map((s) => [s.messageId, { accuracy: s.accuracy, relevance: s.relevance, overall: s.overall }]),
  ),
});

/**
 * The state half of a conversation store: a snapshot for useSyncExternalStore, the requests in
 * flight, and streamed text applied once per frame. ConversationStore adds the actions.
 */
export class StoreBase {
  protected state: ConversationState;
  private readonly listeners = new Set<() => void>();
  protected readonly requests = new Set<Request>();
  protected readonly buffer = new Map<string, string>();
  protected frame: number | null = null;

  constructor(initial: StoreSeed, targets: Target[]) {
    this.state = {
      id: initial.id,
      title: initial.title,
      shareToken: initial.shareToken,
      messages: initial.messages,
      useTerminology: initial.useTerminology ?? null,
      tools: initial.tools ?? { servers: [], builtins: [] },
      ...feedbackState(initial.feedback),
      targets,
      selection: { branch: {}, turn: {} },
      sending: false,
    };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.state;

  get busy(): boolean {
    return this.requests.size > 0;
  }

  protected set(patch: Partial<ConversationState> | ((s: ConversationState) => Partial<ConversationState>)) {
    const next = typeof patch === "function" ? patch(this.state) : patch;
    this.state = { ...this.state, ...next, sending: [...this.requests].some((r) => !r.settled) };
    for (const l of this.listeners) l();
  }

  protected patchMessage(id: string, patch: Partial<ChatMessage>) {
    this.set((s) => ({ messages: s.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
  }

  /** A timestamp after every message's, so a new message sorts last even if this clock is behind. */
  protected now(): string {
    let last = 0;
    for (const m of this.state.messages) last = Math.max(last, Date.parse(m.createdAt) + 1);
    return new Date(Math.max(Date.now(), last)).toISOString();
  }

  /** Fresh data from the server (navigation, or after a turn): taken unless a turn is still running. */
  hydrate(initial: StoreSeed) {
    if (this.busy) return;
    this.set({
      title: initial.title,
      shareToken: initial.shareToken,
      messages: initial.messages,
      ...(initial.useTerminology === undefined ? {} : { useTerminology: initial.useTerminology }),
      ...(initial.tools === undefined ? {} : { tools: initial.tools }),
      ...feedbackState(initial.feedback),
    });
  }

  async reconcile() {
    try {
      const data = await api<{
        conversation: { id: string; title: string | null; shareToken: string | null; metadata?: unknown };
        messages: Parameters<typeof toChatMessages>[0];
        feedback: Feedback;
      }>(`/api/conversations/${this.state.id}`);
      this.hydrate({
        id: data.conversation.id,
        title: data.conversation.title,
        shareToken: data.conversation.shareToken,
        useTerminology: terminologyFlagOf(data.conversation.metadata),
        tools: toolSelectionOf(data.conversation.metadata),
        messages: toChatMessages(data.messages),
        feedback: data.feedback,
      });
    } catch {
      // Keep what is shown; the next visit loads it again.
    }
  }

  setTargets = (targets: Target[]) => this.set({ targets });
  setTitle = (title: string | null) => this.set({ title });
  protected setUseTerminology = (useTerminology: boolean | null) => this.set({ useTerminology });
  setShareToken = (shareToken: string | null) => this.set({ shareToken });
  selectBranch = (level: string, id: string) =>
    this.set((s) => ({ selection: { ...s.selection, branch: { ...s.selection.branch, [level]: id } } }));
  selectTurn = (userMessageId: string, turnId: string) =>
    this.set((s) => ({
      selection: { ...s.selection, turn: { ...s.selection.turn, [userMessageId]: turnId } },
    }));

  /** Deltas are applied once per frame, however fast the models stream. */
  protected schedule() {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => this.flush());
  }

  protected flush() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (this.buffer.size === 0) return;
    const pending = new Map(this.buffer);
    this.buffer.clear();
    this.set((s) => ({
      messages: s.messages.map((m) => {
        const text = pending.get(m.id);
        return text === undefined ? m : { ...m, content: m.content + text };
      }),
    }));
  }
}
