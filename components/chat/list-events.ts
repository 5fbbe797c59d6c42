/** "The conversation list may have changed" (a title arrived, a turn ended): the sidebar refetches. */
const listeners = new Set<() => void>();

export function onListChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function listChanged(): void {
  for (const l of listeners) l();
}
