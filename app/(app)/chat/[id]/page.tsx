import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { loadChatSetup, loadConversation } from "@/components/chat/load";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requireUser();
  const { id } = await params;
  const conversation = await new ConversationModel(await getDb(), user.id).get(id).catch(() => null);
  return { title: conversation?.title ?? "Chat" };
}

/** One conversation; someone else's (or a missing or deleted one) is a 404. */
export default async function ConversationPage({ params }: Props) {
  const user = await requireUser();
  const { id } = await params;
  const db = await getDb();
  const [conversation, setup] = await Promise.all([
    loadConversation(db, user.id, id),
    loadChatSetup(db, user),
  ]);
  if (!conversation) notFound();
  return <ChatView conversation={conversation} setup={setup} />;
}
