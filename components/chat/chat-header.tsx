"use client";

import { Download, PanelLeft } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import { api } from "./api";
import { useChatSidebar } from "./chat-layout";
import { listChanged } from "./list-events";
import { ShareButton } from "./share-dialog";

function TitleEditor({ title, onSave }: { title: string; onSave: (title: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title);
  if (!editing) {
    return (
      <h1 className="min-w-0 text-base font-semibold">
        <button
          type="button"
          title="Rename"
          aria-label={`Rename conversation: ${title}`}
          onClick={() => {
            setValue(title);
            setEditing(true);
          }}
          data-testid="conversation-title"
          className="block max-w-full truncate rounded px-1 text-left hover:bg-muted"
        >
          {title}
        </button>
      </h1>
    );
  }
  const save = async () => {
    const next = value.trim();
    if (!next || next === title) return setEditing(false);
    if (await onSave(next)) setEditing(false);
  };
  return (
    <form
      className="min-w-0 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="conversation-title-input" className="sr-only">
        Conversation title
      </label>
      <Input
        id="conversation-title-input"
        autoFocus
        value={value}
        maxLength={200}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === "Escape") setEditing(false);
        }}
        className="h-8 max-w-md"
      />
    </form>
  );
}

/** Title (click to rename), running totals, export and share. */
export function ChatHeader({
  conversationId,
  title,
  tokens,
  cost,
  shareToken,
  onTitle,
  onShareToken,
}: {
  conversationId: string | null;
  title: string | null;
  tokens: number;
  cost: number;
  shareToken: string | null;
  onTitle: (title: string) => void;
  onShareToken: (token: string | null) => void;
}) {
  const sidebar = useChatSidebar();
  return (
    <header className="flex min-h-14 items-center gap-2 border-b px-3 py-2 sm:px-4">
      <Button
        variant="ghost"
        size="icon"
        className="lg:hidden"
        aria-label="Show conversations"
        onClick={sidebar.open}
      >
        <PanelLeft aria-hidden="true" className="h-5 w-5" />
      </Button>
      {conversationId ? (
        <TitleEditor
          key={title ?? ""}
          title={title ?? "New conversation"}
          onSave={async (next) => {
            try {
              await api(`/api/conversations/${conversationId}`, { method: "PATCH", body: { title: next } });
              onTitle(next);
              listChanged();
              toast.success("Conversation renamed");
              return true;
            } catch (err) {
              toast.error((err as Error).message);
              return false;
            }
          }}
        />
      ) : (
        <h1 className="truncate px-1 text-base font-semibold">New chat</h1>
      )}
      {conversationId ? (
        <div className="ml-auto flex shrink-0 items-center gap-2">
          <p
            className="hidden text-xs tabular-nums text-muted-foreground sm:block"
            data-testid="conversation-totals"
          >
            {formatCount(tokens)} tokens · {formatUsd(cost)}
          </p>
          <DropdownMenu.Root>
            <DropdownMenu.Trigger asChild>
              <Button variant="outline" size="sm">
                <Download aria-hidden="true" className="h-4 w-4" />
                <span className="max-sm:sr-only">Export</span>
              </Button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content
                align="end"
                sideOffset={4}
                className="z-50 min-w-44 rounded-md border bg-card p-1 shadow-lg"
              >
                {(
                  [
                    ["md", "Markdown (.md)"],
                    ["json", "JSON (.json)"],
                  ] as const
                ).map(([format, label]) => (
                  <DropdownMenu.Item key={format} asChild>
                    <a
                      href={`/api/conversations/${conversationId}/export?format=${format}`}
                      download
                      className="block cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-muted"
                    >
                      {label}
                    </a>
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <ShareButton conversationId={conversationId} shareToken={shareToken} onChange={onShareToken} />
        </div>
      ) : null}
    </header>
  );
}
