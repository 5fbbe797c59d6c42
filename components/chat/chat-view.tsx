"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api } from "./api";
import { ChatPane, type SendFn } from "./chat-pane";
import { LAST_MODELS_KEY } from "./last-models";
import { listChanged } from "./list-events";
import { createStore, useConversationStore } from "./registry";
import { ConversationStore } from "./store";
import type { ChatSetup, InitialConversation, Target } from "./types";

const asTargets = (ids: string[]): Target[] => ids.map((modelId) => ({ modelId, integrationId: null }));

/** The instance's default models (set in the first-run guide), else the first usable model. */
function firstModel(setup: ChatSetup): Target[] {
  if (setup.defaultModelIds.length) return asTargets(setup.defaultModelIds.slice(0, setup.maxModels));
  return setup.models[0] ? asTargets([setup.models[0].id]) : [];
}

/** The models a new chat starts with: the last choice in this browser, if still usable. */
function rememberedTargets(setup: ChatSetup): Target[] | null {
  try {
    const ids = JSON.parse(localStorage.getItem(LAST_MODELS_KEY) ?? "[]") as unknown;
    if (!Array.isArray(ids)) return null;
    const usable = ids.filter((id): id is string => setup.models.some((m) => m.id === id));
    return usable.length ? asTargets(usable.slice(0, setup.maxModels)) : null;
  } catch {
    return null;
  }
}

function remember(targets: Target[]) {
  try {
    localStorage.setItem(LAST_MODELS_KEY, JSON.stringify(targets.map((t) => t.modelId)));
  } catch {
    // Private mode: the choice is not remembered.
  }
}

function ExistingChat({ conversation, setup }: { conversation: InitialConversation; setup: ChatSetup }) {
  const store = useConversationStore(conversation, () => {
    // The conversation's last targets, when their models are still usable.
    const usable = conversation.participants
      .map((p) => p.modelId)
      .filter((id) => setup.models.some((m) => m.id === id));
    return usable.length ? asTargets(usable.slice(0, setup.maxModels)) : firstModel(setup);
  });
  const template = conversation.template;
  return (
    <ChatPane
      store={store}
      setup={setup}
      onTargets={remember}
      banner={
        template ? (
          <p className="border-b bg-accent/40 px-4 py-1.5 text-xs text-muted-foreground">
            Running the template{" "}
            <Link
              href={`/marketplace/${template.slug}`}
              className="font-medium text-foreground hover:underline"
            >
              {template.name}
            </Link>
            {template.version ? ` (version ${template.version})` : " (your draft)"}
          </p>
        ) : null
      }
    />
  );
}

/** A chat with no conversation yet: the first prompt creates it, then the URL becomes /chat/<id>. */
function NewChat({ setup }: { setup: ChatSetup }) {
  const router = useRouter();
  const [draft] = useState(
    () =>
      new ConversationStore(
        { id: "", title: null, shareToken: null, messages: [], feedback: { votes: [], scores: [] } },
        firstModel(setup),
      ),
  );
  const [store, setStore] = useState<ConversationStore>(draft);
  const created = useRef<ConversationStore | null>(null);

  useEffect(() => {
    const remembered = rememberedTargets(setup);
    if (remembered) draft.setTargets(remembered);
  }, [draft, setup]);

  const send: SendFn = async (content, _parentId, targets) => {
    let target = created.current;
    if (!target) {
      try {
        const res = await api<{ conversation: { id: string } }>("/api/conversations", {
          body: { mode: targets.length > 1 ? "multi" : "single", participants: targets },
        });
        target = createStore(res.conversation.id, targets);
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
      created.current = target;
      setStore(target);
      // A terminology switch turned before the conversation existed is saved on it first.
      const chosen = draft.getSnapshot().useTerminology;
      if (chosen !== null && !(await target.setTerminology(chosen, { quiet: true }))) {
        return {
          ok: false,
          message:
            "Not sent: the terminology setting could not be saved. Send again to use the setting shown.",
        };
      }
      const tools = draft.getSnapshot().tools;
      if (
        (tools.servers.length || tools.builtins.length) &&
        !(await target.setTools(tools, { quiet: true }))
      ) {
        return { ok: false, message: "Not sent: the tool selection could not be saved. Send again." };
      }
    }
    const result = await target.send(content, null, targets);
    if (result.ok) {
      listChanged();
      router.replace(`/chat/${target.getSnapshot().id}`);
    }
    return result;
  };

  return <ChatPane store={store} setup={setup} onSend={send} onTargets={remember} />;
}

export function ChatView({
  conversation,
  setup,
}: {
  conversation: InitialConversation | null;
  setup: ChatSetup;
}) {
  return conversation ? (
    <ExistingChat key={conversation.id} conversation={conversation} setup={setup} />
  ) : (
    <NewChat setup={setup} />
  );
}
