import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SharedTranscript } from "@/components/chat/shared-transcript";
import { toChatMessages } from "@/components/chat/types";
import { PrismLogo } from "@/components/shell/logo";
import { Badge } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { getSharedConversation } from "@/lib/chat/conversations";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared conversation", robots: { index: false, follow: false } };

async function load(token: string) {
  try {
    return await getSharedConversation(await getDb(), token);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}

/** The public, read-only view of a shared conversation: no sign-in, no composer, nothing about its owner. */
export default async function SharedConversationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const shared = await load(token);
  if (!shared) notFound();
  const started = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(
    shared.conversation.createdAt,
  );
  return (
    <div className="min-h-dvh">
      <header className="border-b bg-card">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" aria-label="Prism">
            <PrismLogo />
          </Link>
          <Badge>Read-only</Badge>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <div className="mb-8">
          <p className="text-sm text-muted-foreground">Shared conversation · started {started}</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">
            {shared.conversation.title ?? "Untitled conversation"}
          </h1>
        </div>
        <SharedTranscript messages={toChatMessages(shared.messages)} />
      </main>
    </div>
  );
}
