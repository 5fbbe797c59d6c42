"use client";

import { X } from "lucide-react";
import { usePathname } from "next/navigation";
import { Dialog } from "radix-ui";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConversationSidebar } from "./conversation-sidebar";
import type { ConversationListItem } from "./types";

const SidebarContext = createContext<{ open: () => void }>({ open: () => {} });

export const useChatSidebar = () => useContext(SidebarContext);

/**
 * The chat area: conversations on the left (behind a button on narrow screens) and the open
 * conversation. It fills the viewport under the app shell, so only the transcript scrolls.
 */
export function ChatLayout({
  initialItems,
  children,
}: {
  initialItems: ConversationListItem[];
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const ctx = useMemo(() => ({ open: () => setOpen(true) }), []);

  // Opening a conversation from the drawer closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => setOpen(false), [pathname]);

  return (
    <SidebarContext.Provider value={ctx}>
      <div data-full-bleed className="flex h-[calc(100dvh-3.5rem)] min-h-0 md:h-dvh">
        <aside
          aria-label="Conversations"
          className="hidden w-64 shrink-0 border-r bg-card/60 lg:flex lg:flex-col"
        >
          <ConversationSidebar initialItems={initialItems} />
        </aside>
        <Dialog.Root open={open} onOpenChange={setOpen}>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 lg:hidden" />
            <Dialog.Content
              className="fixed inset-y-0 left-0 z-50 flex w-80 max-w-[88vw] flex-col border-r bg-card shadow-xl focus:outline-none lg:hidden"
              // Any link (a conversation, New chat) closes the drawer, even when it is the page already open.
              onClickCapture={(e) => {
                if ((e.target as HTMLElement).closest("a")) setOpen(false);
              }}
            >
              <Dialog.Title className="sr-only">Conversations</Dialog.Title>
              <Dialog.Description className="sr-only">
                Open, search, rename or delete conversations
              </Dialog.Description>
              <Dialog.Close asChild>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label="Close conversations"
                  className="absolute right-2 top-2 z-10"
                >
                  <X aria-hidden="true" className="h-5 w-5" />
                </Button>
              </Dialog.Close>
              <ConversationSidebar initialItems={initialItems} inDrawer />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </SidebarContext.Provider>
  );
}
