// Empty on purpose: stands in for the "server-only" package under Vitest.
export {};
