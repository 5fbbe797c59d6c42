/**
 * Process-wide state. Next.js bundles route handlers, server actions and pages separately, and each
 * bundle gets its own copy of a module's top-level variables — so a cache cleared by a server action
 * would stay stale in an API route. Anything that must be one per process lives here, on globalThis.
 */
export function shared<T>(key: string, create: () => T): T {
  // globalThis has no index signature for symbols; this is the one place that reaches into it.
  const store = globalThis as unknown as Record<symbol, unknown>;
  const sym = Symbol.for(`prism:${key}`);
  if (!(sym in store)) store[sym] = create();
  return store[sym] as T;
}
