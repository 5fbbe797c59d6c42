import type { Metadata } from "next";
import Link from "next/link";
import { UserEmbeddingModelForm } from "@/components/terminology/embedding-model-form";
import { getDb } from "@/db/client";
import { usableModels } from "@/lib/ai/models";
import { requireActor } from "@/lib/auth/current";
import { getSetting } from "@/lib/settings";
import { embeddingChoices } from "@/lib/terminology/embeddings";
import { embeddingPreference } from "@/lib/terminology/store";

export const metadata: Metadata = { title: "Terminology" };
export const dynamic = "force-dynamic";

export default async function TerminologySettingsPage() {
  const actor = await requireActor();
  const db = await getDb();
  const [preference, usable, instanceDefault, catalog] = await Promise.all([
    embeddingPreference(db, actor.id),
    usableModels(db, actor, { type: "embedding" }),
    getSetting(db, "embeddingModel"),
    embeddingChoices(db),
  ]);
  const nameOf = (id: string) => catalog.find((m) => m.id === id)?.name ?? "a model no longer listed";
  const options = [
    {
      value: "default",
      label: `Follow instance default (${instanceDefault ? nameOf(instanceDefault) : "off — lexical search only"})`,
    },
    { value: "off", label: "Off — lexical search only" },
    ...usable.map((m) => ({ value: m.id, label: `${m.displayName} · ${m.providerName}` })),
  ];
  // A model chosen earlier that is no longer reachable stays visible, so the page says what is saved.
  if (preference !== "default" && preference !== "off" && !usable.some((m) => m.id === preference)) {
    options.push({ value: preference, label: `${nameOf(preference)} (no longer available to you)` });
  }
  return (
    <UserEmbeddingModelForm
      options={options}
      initial={preference}
      note={
        usable.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            None of your integrations offers an embedding model yet.{" "}
            <Link href="/settings/integrations" className="text-primary underline">
              Add an integration
            </Link>{" "}
            whose provider has one (for example OpenAI&apos;s text-embedding models or a local Ollama model).
          </p>
        ) : null
      }
    />
  );
}
