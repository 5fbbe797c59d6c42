"use client";

import { Loader2, MoreHorizontal, Pencil, Share2, Trash2 } from "lucide-react";
import Link, { useLinkStatus } from "next/link";
import { DropdownMenu } from "radix-ui";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { ConversationListItem } from "./types";

const menuItem =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-muted";

/** Shown on the conversation being opened until its page arrives. */
function Opening() {
  const { pending } = useLinkStatus();
  return pending ? (
    <Loader2
      aria-label="Opening"
      className="h-3 w-3 shrink-0 animate-spin text-muted-foreground motion-reduce:animate-none"
    />
  ) : null;
}

/** One conversation in the sidebar: open it, rename it in place, or delete it. */
export function ConversationItem({
  item,
  active,
  onRename,
  onDelete,
}: {
  item: ConversationListItem;
  active: boolean;
  onRename: (title: string) => Promise<boolean>;
  onDelete: () => void;
}) {
  const title = item.title ?? "New conversation";
  const [renaming, setRenaming] = useState(false);
  const [value, setValue] = useState(title);
  // The menu gives focus back to its trigger on close; when renaming, the title input keeps it.
  const keepFocus = useRef(false);

  const save = async () => {
    const next = value.trim();
    if (!next || next === title) return setRenaming(false);
    if (await onRename(next)) setRenaming(false);
  };

  return (
    <li
      data-testid="conversation-item"
      className={cn(
        "group relative flex items-start rounded-md hover:bg-muted",
        active && "bg-accent hover:bg-accent",
      )}
    >
      {renaming ? (
        <form
          className="min-w-0 flex-1 py-1 pl-1 pr-9"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Input
            aria-label={`New title for ${title}`}
            autoFocus
            value={value}
            maxLength={200}
            onChange={(e) => setValue(e.target.value)}
            onBlur={() => void save()}
            onKeyDown={(e) => {
              if (e.key === "Escape") setRenaming(false);
            }}
            className="h-8"
          />
        </form>
      ) : (
        <Link
          href={`/chat/${item.id}`}
          aria-current={active ? "page" : undefined}
          className="min-w-0 flex-1 rounded-md px-3 py-2 pr-9"
        >
          <span
            className={cn("flex items-center gap-1.5 truncate text-sm", active && "font-medium text-primary")}
          >
            <span className="truncate">{title}</span>
            {item.shared ? (
              <Share2 aria-label="Shared" className="h-3 w-3 shrink-0 text-muted-foreground" />
            ) : null}
            <Opening />
          </span>
          {item.snippet ? (
            <span
              data-testid="conversation-snippet"
              className="mt-0.5 line-clamp-2 text-xs text-muted-foreground"
            >
              {item.snippet}
            </span>
          ) : null}
        </Link>
      )}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Actions for ${title}`}
            className="absolute right-1 top-1 h-7 w-7 text-muted-foreground opacity-100 lg:opacity-0 lg:group-hover:opacity-100 lg:focus-visible:opacity-100 lg:data-[state=open]:opacity-100"
          >
            <MoreHorizontal aria-hidden="true" className="h-4 w-4" />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 min-w-36 rounded-md border bg-card p-1 shadow-lg"
            onCloseAutoFocus={(e) => {
              if (keepFocus.current) e.preventDefault();
              keepFocus.current = false;
            }}
          >
            <DropdownMenu.Item
              className={menuItem}
              onSelect={() => {
                keepFocus.current = true;
                setValue(title);
                // After the menu has closed and released its focus trap.
                setTimeout(() => setRenaming(true), 0);
              }}
            >
              <Pencil aria-hidden="true" className="h-4 w-4" /> Rename
            </DropdownMenu.Item>
            <DropdownMenu.Item className={cn(menuItem, "text-danger")} onSelect={onDelete}>
              <Trash2 aria-hidden="true" className="h-4 w-4" /> Delete
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </li>
  );
}
