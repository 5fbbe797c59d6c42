"use client";

import { useEffect, useSyncExternalStore } from "react";
import { api } from "@/components/chat/api";
import type { JudgeScore } from "@/lib/quality/judge";
import type { TaskView } from "@/lib/tasks/tasks";

/** Judge score and open follow-ups of one message, as the chat shows them. */
export type MessageExtras = { judge: JudgeScore | null; tasks: TaskView[] };

export type QualityOptions = {
  judgeModelId: string | null;
  models: { id: string; name: string; label: string }[];
  users: { id: string; name: string; me: boolean }[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cache = new Map<string, MessageExtras>();
const wanted = new Set<string>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * The messages on screen ask for their extras; requests of one render are batched into one call
 * (up to 200 ids), so a long conversation costs a few requests, not one per message.
 */
function schedule() {
  if (timer) return;
  timer = setTimeout(async () => {
    timer = null;
    const ids = [...wanted];
    wanted.clear();
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      try {
        const r = await api<{ judge: JudgeScore[]; tasks: TaskView[] }>("/api/quality/extras", {
          body: { ids: chunk },
        });
        for (const id of chunk) cache.set(id, { judge: null, tasks: [] });
        for (const j of r.judge) cache.set(j.messageId, { judge: j, tasks: [] });
        for (const t of r.tasks) {
          const e = cache.get(t.messageId) ?? { judge: null, tasks: [] };
          cache.set(t.messageId, { ...e, tasks: [...e.tasks, t] });
        }
      } catch {
        // Extras are secondary: without them the message still renders; a later refresh retries.
      }
    }
    for (const l of listeners) l();
  }, 30);
}

/** Reloads the extras of these messages (after an assessment or a new follow-up). */
export function refreshExtras(ids: readonly string[]): void {
  for (const id of ids) if (UUID.test(id)) wanted.add(id);
  schedule();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useMessageExtras(messageId: string): MessageExtras | undefined {
  useEffect(() => {
    if (UUID.test(messageId) && !cache.has(messageId)) refreshExtras([messageId]);
  }, [messageId]);
  return useSyncExternalStore(
    subscribe,
    () => cache.get(messageId),
    () => undefined,
  );
}

let options: Promise<QualityOptions> | null = null;

/** The judge and follow-up dialogs' choices, loaded once per page (again after a failure). */
export function loadQualityOptions(): Promise<QualityOptions> {
  options ??= api<QualityOptions>("/api/quality/options").catch((err) => {
    options = null;
    throw err;
  });
  return options;
}
