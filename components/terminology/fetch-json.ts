/** GETs JSON from one of Prism's route handlers; a failure throws the message the route gave. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `The request failed (HTTP ${res.status}).`);
  return body as T;
}

/** "3 entries", "1 entry". */
export const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;
