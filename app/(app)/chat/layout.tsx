import type { Metadata } from "next";
import { ChatLayout } from "@/components/chat/chat-layout";
import { loadConversationList } from "@/components/chat/load";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatRootLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const items = await loadConversationList(await getDb(), user.id);
  return <ChatLayout initialItems={items}>{children}</ChatLayout>;
}
