"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Globe, Plus, Search, Upload } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Modal } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { TermContext } from "@/db/schema";
import { BulkActions } from "./bulk-actions";
import { ContextSelect } from "./context-select";
import { EntryForm } from "./entry-form";
import { EntryRow } from "./entry-row";
import { fetchJson, entries as nEntries } from "./fetch-json";
import { SemanticNotice } from "./semantic-notice";
import { type ListPage, PAGE_SIZE, type SearchJson } from "./types";

const SORTS = [
  { value: "term", label: "Term (A–Z)" },
  { value: "frequency", label: "Most used" },
  { value: "lastUsed", label: "Last used" },
  { value: "updated", label: "Recently changed" },
] as const;
type Sort = (typeof SORTS)[number]["value"];
type Visibility = "all" | "public" | "private";

function listParams(f: { sort: Sort; visibility: Visibility; page: number; context?: string; tag?: string }) {
  const params = new URLSearchParams({
    sort: f.sort,
    visibility: f.visibility,
    limit: String(PAGE_SIZE),
    offset: String((f.page - 1) * PAGE_SIZE),
  });
  if (f.context) params.set("context", f.context);
  if (f.tag) params.set("tag", f.tag);
  return params;
}
const listKey = (params: URLSearchParams) => ["terminology", "list", params.toString()];

/** Debounced copy of a value: search runs when typing pauses. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/**
 * The dictionary: one hybrid search box, filters and sort, the entries with inline edit and
 * selection for bulk tag and delete, a new-entry form, export and import.
 */
export function DictionaryView({
  initial,
  tags,
  semanticConfigured,
}: {
  initial: ListPage;
  tags: { tag: string; count: number }[];
  semanticConfigured: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250);
  const [context, setContext] = useState<TermContext | "">("");
  const [tag, setTag] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("all");
  const [sort, setSort] = useState<Sort>("term");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const searching = query.length > 0;
  const filtered = Boolean(context || tag || visibility !== "all");
  const isInitialView = !filtered && sort === "term" && page === 1;

  const params = listParams({ sort, visibility, page, context, tag });
  // Each visit renders the dictionary afresh on the server; the query cache outlives client-side
  // navigation, so what it holds from an earlier visit is dropped and the server's first page seeds it.
  useState(() => {
    queryClient.removeQueries({ queryKey: ["terminology"] });
    queryClient.setQueryData(listKey(listParams({ sort: "term", visibility: "all", page: 1 })), initial);
  });
  const list = useQuery({
    queryKey: listKey(params),
    queryFn: () => fetchJson<ListPage>(`/api/terminology?${params}`),
    enabled: !searching,
    placeholderData: keepPreviousData,
  });
  const search = useQuery({
    queryKey: ["terminology", "search", query],
    queryFn: () =>
      fetchJson<SearchJson>(`/api/terminology/search?${new URLSearchParams({ q: query, limit: "100" })}`),
    enabled: searching,
    placeholderData: keepPreviousData,
  });

  // Filters narrow search hits too (search ranks the whole dictionary; these are few rows).
  const rows = useMemo(() => {
    if (!searching) return list.data?.entries ?? [];
    return (search.data?.hits ?? []).filter(
      (e) =>
        (!context || e.context === context) &&
        (!tag || e.tags.includes(tag)) &&
        (visibility === "all" || e.isPublic === (visibility === "public")),
    );
  }, [searching, list.data, search.data, context, tag, visibility]);
  const active = searching ? search : list;
  const total = list.data?.total ?? 0;
  const dictionaryEmpty = !searching && !filtered && total === 0 && !list.isFetching;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["terminology"] });
    router.refresh();
  };
  const resetPage = () => {
    setPage(1);
    setSelected(new Set());
  };
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Terminology"
        description="Your dictionary: terms, what they mean and how to spell them. Chats use it to keep models on your vocabulary."
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <Link href="/terminology/public">
                <Globe aria-hidden="true" className="h-4 w-4" />
                Public entries
              </Link>
            </Button>
            <Button asChild variant="outline">
              <Link href="/terminology/import">
                <Upload aria-hidden="true" className="h-4 w-4" />
                Import
              </Link>
            </Button>
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" className="h-4 w-4" />
              New entry
            </Button>
          </div>
        }
      />

      <Modal
        open={creating}
        onOpenChange={setCreating}
        title="New entry"
        description="Only term and definition are required."
        className="w-[min(48rem,calc(100vw-2rem))]"
      >
        <EntryForm
          idPrefix="new-entry"
          onSaved={() => {
            setCreating(false);
            refresh();
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>

      {dictionaryEmpty && isInitialView ? (
        <EmptyState title="Your dictionary is empty — add a term or import a CSV">
          <p>Terms you add here are given to the models in your chats, spelled your way.</p>
          <div className="mt-4 flex flex-wrap justify-center gap-2">
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" className="h-4 w-4" />
              Add a term
            </Button>
            <Button asChild variant="outline">
              <Link href="/terminology/import">
                <Upload aria-hidden="true" className="h-4 w-4" />
                Import a CSV
              </Link>
            </Button>
          </div>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <search className="space-y-3" aria-label="Search and filter">
            <div className="relative">
              <label htmlFor="term-search" className="sr-only">
                Search your dictionary
              </label>
              <Search
                aria-hidden="true"
                className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-muted-foreground"
              />
              <Input
                id="term-search"
                type="search"
                className="pl-9"
                placeholder="Search terms, definitions, misspellings and meaning…"
                value={q}
                onChange={(e) => {
                  setQ(e.target.value);
                  setSelected(new Set());
                }}
                aria-describedby="term-search-note"
              />
            </div>
            <SemanticNotice
              id="term-search-note"
              status={searching && search.data ? search.data.semantic : semanticConfigured ? "on" : "off"}
              error={searching ? search.data?.semanticError : undefined}
            />
            <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              <Filter id="filter-context" label="Context">
                <ContextSelect
                  id="filter-context"
                  emptyLabel="All contexts"
                  value={context}
                  onValueChange={(x) => {
                    setContext(x);
                    resetPage();
                  }}
                />
              </Filter>
              <Filter id="filter-tag" label="Tag">
                <Select
                  id="filter-tag"
                  value={tag}
                  onChange={(e) => {
                    setTag(e.target.value);
                    resetPage();
                  }}
                >
                  <option value="">All tags</option>
                  {tags.map((t) => (
                    <option key={t.tag} value={t.tag}>
                      {t.tag} ({t.count})
                    </option>
                  ))}
                </Select>
              </Filter>
              <Filter id="filter-visibility" label="Visibility">
                <Select
                  id="filter-visibility"
                  value={visibility}
                  onChange={(e) => {
                    setVisibility(e.target.value as Visibility);
                    resetPage();
                  }}
                >
                  <option value="all">All</option>
                  <option value="public">Public only</option>
                  <option value="private">Private only</option>
                </Select>
              </Filter>
              <Filter id="filter-sort" label="Sort">
                <Select
                  id="filter-sort"
                  value={searching ? "best" : sort}
                  disabled={searching}
                  title={searching ? "Search results are ranked by best match" : undefined}
                  onChange={(e) => {
                    setSort(e.target.value as Sort);
                    resetPage();
                  }}
                >
                  {searching ? <option value="best">Best match</option> : null}
                  {SORTS.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              </Filter>
            </div>
          </search>

          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <div className="flex items-center gap-2">
              <input
                id="select-all"
                type="checkbox"
                className="h-4 w-4 accent-[var(--color-primary)]"
                checked={allSelected}
                disabled={rows.length === 0}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
              />
              <label htmlFor="select-all">Select all shown</label>
              <span className="text-muted-foreground" role="status" aria-live="polite">
                {active.isFetching
                  ? "Loading…"
                  : searching
                    ? `${nEntries(rows.length)} found`
                    : `${nEntries(total)}`}
              </span>
            </div>
            <div className="flex gap-2">
              <Button asChild variant="ghost" size="sm">
                <a href="/api/terminology/export?format=csv" download>
                  <Download aria-hidden="true" className="h-4 w-4" />
                  Export CSV
                </a>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <a href="/api/terminology/export?format=json" download>
                  <Download aria-hidden="true" className="h-4 w-4" />
                  Export JSON
                </a>
              </Button>
            </div>
          </div>

          <BulkActions
            ids={[...selected]}
            onClear={() => setSelected(new Set())}
            onDone={() => {
              setSelected(new Set());
              refresh();
            }}
          />

          {active.isError ? (
            <p
              role="alert"
              className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm text-danger"
            >
              {active.error.message}{" "}
              <button type="button" className="underline" onClick={() => void active.refetch()}>
                Try again
              </button>
            </p>
          ) : null}

          {active.isPending && !active.data ? (
            <div className="space-y-2" aria-busy="true">
              <Skeleton className="h-16" />
              <Skeleton className="h-16" />
              <Skeleton className="h-16" />
            </div>
          ) : rows.length === 0 ? (
            <EmptyState title={searching ? `Nothing matches “${query}”` : "No entries match these filters"}>
              <p>{searching ? "Try other words, or fewer filters." : "Change or clear the filters."}</p>
            </EmptyState>
          ) : (
            <ul
              aria-label="Dictionary entries"
              aria-busy={active.isFetching}
              className="rounded-lg border bg-card shadow-sm"
            >
              {rows.map((e) => (
                <EntryRow
                  key={`${e.id}:${e.updatedAt}`}
                  entry={e}
                  selected={selected.has(e.id)}
                  onSelect={(on) => toggle(e.id, on)}
                  onSaved={refresh}
                />
              ))}
            </ul>
          )}

          {!searching && total > PAGE_SIZE ? (
            <nav
              aria-label="Pagination"
              className="flex items-center justify-between text-sm text-muted-foreground"
            >
              <span>
                {(page - 1) * PAGE_SIZE + 1}–{Math.min(page * PAGE_SIZE, total)} of {total}
              </span>
              <span className="flex gap-2">
                <Button
                  variant="outline"
                  size="sm"
                  disabled={page === 1}
                  onClick={() => setPage((p) => p - 1)}
                >
                  Previous
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={page * PAGE_SIZE >= total}
                  onClick={() => setPage((p) => p + 1)}
                >
                  Next
                </Button>
              </span>
            </nav>
          ) : null}
        </div>
      )}
    </div>
  );
}

function Filter({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted-foreground">
        {label}
      </label>
      {children}
    </div>
  );
}
