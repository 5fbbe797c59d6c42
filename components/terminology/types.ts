import type { TermContext } from "@/db/schema";
import type { MatchedBy, SearchResult } from "@/lib/terminology/search";
import type { EntryView } from "@/lib/terminology/store";

/** An entry as the browser gets it (JSON: dates as ISO strings). */
export type EntryJson = Omit<EntryView, "lastUsedAt" | "createdAt" | "updatedAt"> & {
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
  score?: number;
  matchedBy?: MatchedBy[];
};

/** Entries per page of the dictionary list. */
export const PAGE_SIZE = 50;

export type ListPage = { entries: EntryJson[]; total: number };
export type SearchJson = Omit<SearchResult, "hits"> & { hits: EntryJson[] };

export const CONTEXTS: readonly TermContext[] = ["technical", "business", "personal", "casual"];
export const CONTEXT_LABEL: Record<TermContext, string> = {
  technical: "Technical",
  business: "Business",
  personal: "Personal",
  casual: "Casual",
};

const iso = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? d : d.toISOString());

/** The JSON shape of an entry (route handlers and server pages hand the same shape to the browser). */
export function entryJson<T extends EntryView>(e: T): EntryJson & Omit<T, keyof EntryView> {
  return {
    ...e,
    lastUsedAt: iso(e.lastUsedAt),
    createdAt: iso(e.createdAt) as string,
    updatedAt: iso(e.updatedAt) as string,
  };
}
