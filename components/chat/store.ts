import { toast } from "sonner";
import { api, type ChatRequest, errorFrom, readEvents, type TurnEvent } from "./api";
import { listChanged } from "./list-events";
import { type Request, type SendResult, StoreBase } from "./store-base";
import { selectPrompt } from "./tree";
import type { ChatMessage, Score, Target, ToolSelection } from "./types";

export type { ConversationState, SendResult } from "./store-base";

let localIds = 0;

/**
 * One conversation's live state in the browser: the saved message tree, the answers streaming into
 * it, votes and scores, and what the user chose to show. It outlives the page component, so a turn
 * keeps streaming when the user opens another conversation and comes back.
 */
export class ConversationStore extends StoreBase {
  send(content: string, parentId: string | null, targets: Target[]): Promise<SendResult> {
    localIds += 1;
    const optimistic: ChatMessage = {
      id: `local-${localIds}`,
      parentId,
      turnId: null,
      role: "user",
      kind: "answer",
      content,
      status: "complete",
      errorMessage: null,
      modelId: null,
      providerSlug: null,
      modelName: null,
      tokensIn: 0,
      tokensOut: 0,
      cost: "0",
      latencyMs: null,
      ttftMs: null,
      estimated: false,
      terms: null,
      tools: [],
      createdAt: this.now(),
    };
    const previous = this.state.selection;
    this.set((s) => {
      const messages = [...s.messages, optimistic];
      const byId = new Map(messages.map((m) => [m.id, m]));
      return { messages, selection: selectPrompt(s.selection, parentId, optimistic.id, byId) };
    });
    const body: ChatRequest = { action: "send", conversationId: this.state.id, parentId, content, targets };
    return this.run(body, targets.length, optimistic.id, () =>
      this.set((s) => ({ messages: s.messages.filter((m) => m.id !== optimistic.id), selection: previous })),
    );
  }

  /** New answers to an earlier prompt; the new turn is shown as soon as its first answer starts. */
  regenerate(userMessageId: string, targets: Target[]): Promise<SendResult> {
    return this.run(
      { action: "regenerate", conversationId: this.state.id, userMessageId, targets },
      targets.length,
    );
  }

  fuse(turnId: string, fuserModelId: string): Promise<SendResult> {
    const body: ChatRequest = {
      action: "fuse",
      conversationId: this.state.id,
      turnId,
      fuserModelId,
      fuserIntegrationId: null,
    };
    return this.run(body, 1);
  }

  /** Stops every running turn: the server saves each answer as aborted with its text so far. */
  stopAll() {
    for (const r of this.requests) {
      r.controller.abort();
      for (const id of r.started) if (!r.done.has(id)) this.patchMessage(id, { status: "aborted" });
      r.settled = true;
    }
    this.set({});
  }

  async stopOne(messageId: string) {
    try {
      await api("/api/chat/stop", { body: { messageId } });
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  /**
   * The conversation's "Use my terminology" switch: shown at once, saved on the conversation, and
   * put back with a toast when saving fails. A chat not created yet keeps it until it is.
   */
  async setTerminology(on: boolean, opts: { quiet?: boolean } = {}): Promise<boolean> {
    const previous = this.state.useTerminology;
    this.setUseTerminology(on);
    if (!this.state.id) return true;
    try {
      await api(`/api/conversations/${this.state.id}`, { method: "PATCH", body: { useTerminology: on } });
      return true;
    } catch (err) {
      this.setUseTerminology(previous);
      if (!opts.quiet) toast.error(`The terminology setting was not saved. ${(err as Error).message}`);
      return false;
    }
  }

  /** The conversation's tool selector: shown at once, saved on the conversation, put back on failure. */
  async setTools(tools: ToolSelection, opts: { quiet?: boolean } = {}): Promise<boolean> {
    const previous = this.state.tools;
    this.set({ tools });
    if (!this.state.id) return true;
    try {
      await api(`/api/conversations/${this.state.id}`, { method: "PATCH", body: { tools } });
      return true;
    } catch (err) {
      this.set({ tools: previous });
      if (!opts.quiet) toast.error(`The tool selection was not saved. ${(err as Error).message}`);
      return false;
    }
  }

  async vote(messageId: string, turnId: string) {
    try {
      await api(`/api/messages/${messageId}/vote`, { body: {} });
      this.set((s) => ({ votes: { ...s.votes, [turnId]: messageId } }));
      toast.success("Marked as the best answer");
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  async score(messageId: string, score: Score): Promise<boolean> {
    try {
      await api(`/api/messages/${messageId}/score`, { body: score });
      this.set((s) => ({ scores: { ...s.scores, [messageId]: score } }));
      toast.success(`Scored ${score.overall}/10`);
      return true;
    } catch (err) {
      toast.error((err as Error).message);
      return false;
    }
  }

  /** Starts a turn; resolves once the server accepted it (or refused it), while the answers stream on. */
  private async run(body: ChatRequest, expected: number, optimisticId?: string, undo?: () => void) {
    const req: Request = {
      controller: new AbortController(),
      expected,
      started: new Set(),
      done: new Set(),
      settled: false,
      optimisticId,
    };
    this.requests.add(req);
    this.set({});
    const refuse = (message: string): SendResult => {
      this.requests.delete(req);
      undo?.();
      this.set({});
      return { ok: false, message };
    };
    let res: Response;
    try {
      res = await fetch("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: req.controller.signal,
      });
    } catch {
      return refuse("Prism could not be reached. Check your connection and try again.");
    }
    if (!res.ok || !res.body) return refuse((await errorFrom(res)).message);
    void this.consume(res.body, req);
    return { ok: true } as const;
  }

  private async consume(body: ReadableStream<Uint8Array>, req: Request) {
    try {
      await readEvents(body, (e) => this.onEvent(e, req));
    } catch {
      // Aborted by Stop, or the connection dropped: the reconcile below shows what was saved.
    }
    this.flush();
    this.requests.delete(req);
    req.settled = true;
    this.set({});
    listChanged();
    if (!this.busy) {
      // Give the server a moment to save answers a Stop cut short, then show them as saved.
      if (req.controller.signal.aborted) await new Promise((r) => setTimeout(r, 600));
      await this.reconcile();
    }
  }

  private onEvent(e: TurnEvent, req: Request) {
    switch (e.type) {
      case "user": {
        const local = req.optimisticId;
        if (!local) return;
        const swap = (id: string) => (id === local ? e.message.id : id);
        this.set((s) => ({
          messages: s.messages.map((m) =>
            m.id === local ? { ...m, id: e.message.id, createdAt: e.message.createdAt } : m,
          ),
          selection: {
            branch: Object.fromEntries(Object.entries(s.selection.branch).map(([k, v]) => [k, swap(v)])),
            turn: s.selection.turn,
          },
        }));
        req.optimisticId = e.message.id;
        return;
      }
      case "start": {
        this.flush();
        req.started.add(e.messageId);
        if (e.kind === "answer")
          this.set((s) => ({
            selection: { ...s.selection, turn: { ...s.selection.turn, [e.parentId]: e.turnId } },
          }));
        const message: ChatMessage = {
          id: e.messageId,
          parentId: e.parentId,
          turnId: e.turnId,
          role: "assistant",
          kind: e.kind,
          content: "",
          status: "streaming",
          errorMessage: null,
          // An agent's answer has no catalog model (the event carries "").
          modelId: e.modelId || null,
          providerSlug: e.provider,
          modelName: e.modelName,
          tokensIn: 0,
          tokensOut: 0,
          cost: "0",
          latencyMs: null,
          ttftMs: null,
          estimated: false,
          terms: e.terms.length ? { applied: e.terms, check: null } : null,
          tools: [],
          createdAt: this.now(),
        };
        this.set((s) => ({ messages: [...s.messages, message] }));
        return;
      }
      case "delta":
        this.buffer.set(e.messageId, (this.buffer.get(e.messageId) ?? "") + e.text);
        this.schedule();
        return;
      case "tool": {
        this.flush();
        const m = this.state.messages.find((x) => x.id === e.messageId);
        if (!m) return;
        const tools = m.tools.some((p) => p.id === e.part.id)
          ? m.tools.map((p) => (p.id === e.part.id ? e.part : p))
          : [...m.tools, e.part];
        this.patchMessage(e.messageId, { tools });
        return;
      }
      case "done": {
        this.flush();
        req.done.add(e.messageId);
        if (req.done.size >= req.expected) req.settled = true;
        const applied = this.state.messages.find((m) => m.id === e.messageId)?.terms ?? null;
        this.patchMessage(e.messageId, {
          status: e.status,
          errorMessage: e.error,
          ttftMs: e.metrics.ttftMs,
          latencyMs: e.metrics.latencyMs,
          tokensIn: e.metrics.tokensIn,
          tokensOut: e.metrics.tokensOut,
          cost: e.metrics.cost,
          estimated: e.metrics.estimated,
          terms: e.terms ?? applied,
        });
        return;
      }
      case "title":
        this.setTitle(e.title);
        listChanged();
        return;
      case "error":
        toast.error(e.message);
    }
  }
}
