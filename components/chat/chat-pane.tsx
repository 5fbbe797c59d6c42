"use client";

import { MessagesSquare, Sparkles } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { useSuggestions } from "@/components/insights/use-suggestions";
import { Button } from "@/components/ui/button";
import { ChatHeader } from "./chat-header";
import { Composer } from "./composer";
import { ModelPicker } from "./model-picker";
import { useFollowServerStreams, useStoreState } from "./registry";
import type { ConversationStore, SendResult } from "./store";
import { TerminologySwitch } from "./terminology-switch";
import { ToolSelector } from "./tool-selector";
import { Transcript } from "./transcript";
import { branchChars, buildTree, nextParentId, visibleRows } from "./tree";
import type { TurnContext } from "./turn-block";
import type { ChatMessage, ChatSetup, Target } from "./types";
import type { UserMessageActions } from "./user-message";

export type SendFn = (content: string, parentId: string | null, targets: Target[]) => Promise<SendResult>;

const toTargets = (ids: (string | null)[]): Target[] =>
  [...new Set(ids.filter((id): id is string => !!id))].map((modelId) => ({ modelId, integrationId: null }));

/**
 * What a user with no usable model sees instead of an empty picker: an administrator is sent to the
 * first-run guide; anyone else learns who can fix it and where to add a key of their own.
 */
function NoModels({ isAdmin }: { isAdmin: boolean }) {
  const link = "font-medium text-primary underline-offset-4 hover:underline";
  if (isAdmin)
    return (
      <section
        aria-labelledby="no-models-title"
        data-testid="no-models"
        className="mx-auto max-w-lg rounded-lg border bg-card p-6 text-center shadow-sm"
      >
        <Sparkles aria-hidden="true" className="mx-auto h-8 w-8 text-primary" />
        <h2 id="no-models-title" className="mt-2 text-lg font-semibold">
          No model is connected yet
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">
          Connect a provider key, or a local Ollama or LM Studio in one click, choose the models new chats
          start with, and you are ready to chat.
        </p>
        <Button asChild className="mt-4">
          <Link href="/welcome">Set up Prism</Link>
        </Button>
      </section>
    );
  return (
    <section
      aria-labelledby="no-models-title"
      data-testid="no-models"
      className="mx-auto max-w-lg rounded-lg border border-dashed bg-card p-6 text-center"
    >
      <h2 id="no-models-title" className="font-semibold">
        No model is available yet
      </h2>
      <p className="mt-2 text-sm text-muted-foreground">
        Ask your administrator to connect a provider, or add your own key in{" "}
        <Link href="/settings/integrations" className={link}>
          Settings → Integrations
        </Link>
        . Models appear here as soon as one is connected.
      </p>
    </section>
  );
}

function Welcome({ compare }: { compare: boolean }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center">
      <MessagesSquare aria-hidden="true" className="h-10 w-10 text-primary/70" />
      <h2 className="text-xl font-semibold tracking-tight">What would you like to ask?</h2>
      <p className="max-w-md text-sm text-muted-foreground">
        {compare
          ? "Your prompt goes to every chosen model at once. Compare their answers, vote for the best, or fuse them into one."
          : "Choose one model for a single answer, or several to compare them side by side."}
      </p>
    </div>
  );
}

/** The open conversation: header, transcript, model picker and composer, all driven by one store. */
export function ChatPane({
  store,
  setup,
  onSend,
  onTargets,
  banner,
}: {
  store: ConversationStore;
  setup: ChatSetup;
  /** Shown under the header (e.g. the template the conversation runs). */
  banner?: React.ReactNode;
  /** Sends a prompt (the new-chat view creates the conversation first). */
  onSend?: SendFn;
  onTargets?: (targets: Target[]) => void;
}) {
  const state = useStoreState(store);
  const [follow, setFollow] = useState(0);
  const models = useMemo(() => new Map(setup.models.map((m) => [m.id, m])), [setup.models]);
  const tree = useMemo(() => buildTree(state.messages), [state.messages]);
  const rows = useMemo(() => visibleRows(tree, state.selection), [tree, state.selection]);
  const chosen = setup.models.filter((m) => state.targets.some((t) => t.modelId === m.id));
  const targets = chosen.map((m) => ({ modelId: m.id, integrationId: null }));
  const send: SendFn = onSend ?? ((c, p, t) => store.send(c, p, t));
  // The tab title follows renames and the title written after the first answer.
  useEffect(() => {
    if (state.title) document.title = `${state.title} · Prism`;
  }, [state.title]);
  useFollowServerStreams(
    store,
    state.messages.some((m) => m.status === "streaming"),
    state.sending,
  );

  const totals = useMemo(
    () =>
      state.messages.reduce(
        (acc, m) => ({ tokens: acc.tokens + m.tokensIn + m.tokensOut, cost: acc.cost + Number(m.cost) }),
        { tokens: 0, cost: 0 },
      ),
    [state.messages],
  );

  const started = async (p: Promise<SendResult>) => {
    const res = await p;
    if (!res.ok) toast.error(res.message);
    else setFollow((n) => n + 1);
    return res.ok;
  };

  // Handlers read the latest render's values through a ref, so the objects handed to the
  // (memoized) rows keep their identity while answers stream.
  const latest = useRef({ store, send, targets, started });
  latest.current = { store, send, targets, started };

  const userActions = useMemo<UserMessageActions>(
    () => ({
      edit: (message: ChatMessage, content: string) => {
        const { send, targets, started } = latest.current;
        if (targets.length === 0) {
          toast.error("Choose at least one model first.");
          return Promise.resolve(false);
        }
        return started(send(content, message.parentId, targets));
      },
      selectBranch: (level, id) => latest.current.store.selectBranch(level, id),
    }),
    [],
  );

  const answerActions = useMemo<NonNullable<TurnContext["actions"]>>(() => {
    const s = () => latest.current.store;
    const start = (p: Promise<SendResult>) => void latest.current.started(p);
    return {
      stop: (m) => void s().stopOne(m.id),
      retry: (m) => {
        if (!m.parentId || !m.modelId) return void toast.error("This answer's model is no longer available.");
        start(s().regenerate(m.parentId, toTargets([m.modelId])));
      },
      vote: (m) => {
        if (m.turnId) void s().vote(m.id, m.turnId);
      },
      score: (m, score) => s().score(m.id, score),
      regenerate: (userMessageId, answers) =>
        start(s().regenerate(userMessageId, toTargets(answers.map((a) => a.modelId)))),
      fuse: (turnId, fuserModelId) => start(s().fuse(turnId, fuserModelId)),
      selectTurn: (userMessageId, turnId) => s().selectTurn(userMessageId, turnId),
    };
  }, []);

  // The fuser follows what was learned (the best-quality model on the leaderboard) when it is usable.
  const suggestions = useSuggestions();
  const learnedFuser = suggestions?.fuser && models.has(suggestions.fuser) ? suggestions.fuser : undefined;
  const defaultFuser = learnedFuser ?? state.targets[0]?.modelId;
  const ctx = useMemo<TurnContext>(
    () => ({
      models,
      votes: state.votes,
      scores: state.scores,
      busy: state.sending,
      actions: { ...answerActions, defaultFuser },
    }),
    [models, state.votes, state.scores, state.sending, answerActions, defaultFuser],
  );

  const setTargets = (next: Target[]) => {
    store.setTargets(next);
    onTargets?.(next);
  };

  const placeholder =
    chosen.length > 1
      ? `Ask ${chosen.length} models at once…`
      : chosen.length === 1
        ? `Message ${chosen[0]?.displayName}…`
        : "Choose a model to start…";

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ChatHeader
        conversationId={state.id || null}
        title={state.title}
        tokens={totals.tokens}
        cost={totals.cost}
        shareToken={state.shareToken}
        onTitle={store.setTitle}
        onShareToken={store.setShareToken}
      />
      {banner}
      {rows.length > 0 ? (
        <Transcript
          rows={rows}
          ctx={ctx}
          userActions={userActions}
          sending={state.sending}
          followSignal={follow}
          onRegeneratePending={
            targets.length ? (id) => void started(store.regenerate(id, targets)) : undefined
          }
        />
      ) : setup.models.length === 0 ? (
        <div className="flex flex-1 flex-col justify-center px-4 py-8">
          <NoModels isAdmin={setup.isAdmin} />
        </div>
      ) : (
        <Welcome compare={chosen.length > 1} />
      )}
      <div className="px-3 pb-3 pt-1 sm:px-6">
        <div className="mx-auto max-w-4xl">
          {setup.models.length === 0 ? (
            rows.length > 0 ? (
              <NoModels isAdmin={setup.isAdmin} />
            ) : null
          ) : (
            <Composer
              chosen={chosen}
              branchChars={branchChars(rows)}
              sending={state.sending}
              onSend={(text) => started(send(text, nextParentId(rows), targets))}
              onStop={() => store.stopAll()}
              placeholder={placeholder}
              options={
                <>
                  <TerminologySwitch
                    on={state.useTerminology ?? setup.hasTerminology}
                    hasTerminology={setup.hasTerminology}
                    onChange={(on) => void store.setTerminology(on)}
                  />
                  <ToolSelector
                    options={setup.toolOptions}
                    value={state.tools}
                    onChange={(next) => void store.setTools(next)}
                  />
                </>
              }
              picker={
                <ModelPicker
                  models={setup.models}
                  targets={targets}
                  onChange={setTargets}
                  maxModels={setup.maxModels}
                  limitNote={setup.compareNote}
                />
              }
            />
          )}
        </div>
      </div>
    </div>
  );
}
