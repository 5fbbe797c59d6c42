import { ChatView } from "@/components/chat/chat-view";
import { loadChatSetup } from "@/components/chat/load";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

/** A new chat: the first prompt creates the conversation. */
export default async function NewChatPage() {
  const user = await requireUser();
  const setup = await loadChatSetup(await getDb(), user);
  return <ChatView conversation={null} setup={setup} />;
}
