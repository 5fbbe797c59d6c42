"use client";

import { type InfiniteData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { api } from "./api";
import { ConversationItem } from "./conversation-item";
import { onListChanged } from "./list-events";
import { existingStore } from "./registry";
import type { ConversationListItem } from "./types";

const PAGE_SIZE = 50;
type Page = { items: ConversationListItem[] };

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

function Skeleton() {
  return (
    <ul aria-hidden="true" className="space-y-2 px-3 py-2">
      {[0, 1, 2, 3, 4].map((i) => (
        <li key={i} className="h-5 animate-pulse rounded bg-muted motion-reduce:animate-none" />
      ))}
    </ul>
  );
}

/** Conversations by recency; search by title and message text (debounced) with matching snippets. */
export function ConversationSidebar({
  initialItems,
  inDrawer = false,
}: {
  initialItems: ConversationListItem[];
  inDrawer?: boolean;
}) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const router = useRouter();
  const activeId = pathname.startsWith("/chat/") ? pathname.slice("/chat/".length) : null;

  const query = useInfiniteQuery({
    queryKey: ["conversations", q],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (q) params.set("q", q);
      if (pageParam) params.set("before", pageParam);
      return api<Page>(`/api/conversations?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page) => {
      const item = last.items[last.items.length - 1];
      return last.items.length < PAGE_SIZE || !item ? undefined : (item.lastMessageAt ?? item.createdAt);
    },
    initialData:
      q === ""
        ? ({ pages: [{ items: initialItems }], pageParams: [null] } as InfiniteData<Page, string | null>)
        : undefined,
  });

  useEffect(
    () => onListChanged(() => void queryClient.invalidateQueries({ queryKey: ["conversations"] })),
    [queryClient],
  );

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["conversations"] });

  const rename = async (item: ConversationListItem, title: string) => {
    try {
      await api(`/api/conversations/${item.id}`, { method: "PATCH", body: { title } });
      existingStore(item.id)?.setTitle(title);
      await refresh();
      toast.success("Conversation renamed");
      return true;
    } catch (err) {
      toast.error((err as Error).message);
      return false;
    }
  };

  const remove = async (item: ConversationListItem) => {
    const title = item.title ?? "New conversation";
    try {
      await api(`/api/conversations/${item.id}`, { method: "DELETE" });
    } catch (err) {
      toast.error((err as Error).message);
      return;
    }
    const wasOpen = activeId === item.id;
    if (wasOpen) router.push("/chat");
    await refresh();
    toast(`Deleted “${title}”`, {
      action: {
        label: "Undo",
        onClick: async () => {
          try {
            await api(`/api/conversations/${item.id}/restore`, { method: "POST" });
            await refresh();
            toast.success(`Restored “${title}”`);
            if (wasOpen) router.push(`/chat/${item.id}`);
          } catch (err) {
            toast.error((err as Error).message);
          }
        },
      },
    });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className={inDrawer ? "space-y-3 p-3 pr-12" : "space-y-3 p-3"}>
        <Button asChild className="w-full justify-start" size="sm">
          <Link href="/chat">
            <Plus aria-hidden="true" className="h-4 w-4" /> New chat
          </Link>
        </Button>
        <div role="search" className="relative">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            type="search"
            aria-label="Search conversations"
            placeholder="Search conversations"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="h-9 pl-8"
          />
        </div>
      </div>
      <nav aria-label="Conversation list" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {query.isPending ? (
          <Skeleton />
        ) : query.isError ? (
          <p role="alert" className="px-3 py-2 text-sm text-danger">
            Could not load conversations.{" "}
            <button type="button" className="underline" onClick={() => void query.refetch()}>
              Try again
            </button>
          </p>
        ) : items.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-muted-foreground">
            {q ? `No conversations match “${q}”.` : "No conversations yet. Start one with a prompt."}
          </p>
        ) : (
          <>
            {q ? (
              <p role="status" className="px-3 pb-1 text-xs text-muted-foreground">
                {items.length} match{items.length === 1 ? "" : "es"}
              </p>
            ) : null}
            <ul className="space-y-0.5">
              {items.map((item) => (
                <ConversationItem
                  key={item.id}
                  item={item}
                  active={item.id === activeId}
                  onRename={(title) => rename(item, title)}
                  onDelete={() => void remove(item)}
                />
              ))}
            </ul>
            {query.hasNextPage ? (
              <Button
                variant="ghost"
                size="sm"
                className="mt-2 w-full"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : null}
          </>
        )}
      </nav>
    </div>
  );
}
