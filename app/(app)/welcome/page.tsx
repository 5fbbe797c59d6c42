import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FirstRunGuide } from "@/components/first-run/guide";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { firstRunState } from "@/lib/ai/first-run";
import { isAdmin } from "@/lib/auth/actor";
import { requireUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Set up Prism" };
export const dynamic = "force-dynamic";

/** The administrator's first-run guide: connect a provider, choose default models, start chatting. */
export default async function WelcomePage() {
  const user = await requireUser();
  // Everyone else finds what to do on the chat page itself.
  if (!isAdmin(user)) redirect("/chat");
  const state = await firstRunState(await getDb(), user);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Set up Prism"
        description="Three steps to a chat that works: connect a model provider, choose the models new chats start with, and start chatting."
      />
      <FirstRunGuide initial={state} />
    </div>
  );
}
