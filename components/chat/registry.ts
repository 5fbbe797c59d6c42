import { useEffect, useState, useSyncExternalStore } from "react";
import { ConversationStore } from "./store";
import type { InitialConversation, Target } from "./types";

/** One store per conversation for the life of the tab (see ConversationStore); browser only. */
const stores = new Map<string, ConversationStore>();

export function existingStore(id: string): ConversationStore | undefined {
  return stores.get(id);
}

/** A store for a conversation just created in this tab. */
export function createStore(id: string, targets: Target[]): ConversationStore {
  const store = new ConversationStore(
    { id, title: null, shareToken: null, messages: [], feedback: { votes: [], scores: [] } },
    targets,
  );
  stores.set(id, store);
  return store;
}

/** The store of a conversation the server just loaded; it takes the fresh data unless a turn is running. */
export function useConversationStore(initial: InitialConversation, seedTargets: () => Target[]) {
  const [store] = useState(() => {
    // On the server every render gets its own store: the registry is module state, and a server
    // process would otherwise serve one request's conversation to the next.
    if (typeof window === "undefined") return new ConversationStore(initial, seedTargets());
    const found = stores.get(initial.id);
    if (found) return found;
    const created = new ConversationStore(initial, seedTargets());
    stores.set(initial.id, created);
    return created;
  });
  useEffect(() => {
    store.hydrate(initial);
  }, [store, initial]);
  return store;
}

export function useStoreState(store: ConversationStore) {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/**
 * Answers still streaming that this tab is not receiving (started in another tab, or before a
 * reload): the server saves their text as it comes, so the page polls until they finish.
 */
export function useFollowServerStreams(store: ConversationStore, streaming: boolean, sending: boolean) {
  useEffect(() => {
    if (!streaming || sending || store.busy) return;
    const timer = setInterval(() => void store.reconcile(), 1500);
    return () => clearInterval(timer);
  }, [store, streaming, sending]);
}
