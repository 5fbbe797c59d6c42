import type { Metadata } from "next";
import { DictionaryView } from "@/components/terminology/dictionary-view";
import { entryJson, PAGE_SIZE } from "@/components/terminology/types";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { embeddingModelOf } from "@/lib/terminology/embeddings";
import { TerminologyModel } from "@/lib/terminology/store";

export const metadata: Metadata = { title: "Terminology" };
export const dynamic = "force-dynamic";

export default async function TerminologyPage() {
  const actor = await requireActor();
  const db = await getDb();
  const model = new TerminologyModel(db, actor);
  const [list, tags, embeddingModel] = await Promise.all([
    model.list({ sort: "term", limit: PAGE_SIZE }),
    model.tags(),
    embeddingModelOf(db, actor.id),
  ]);
  return (
    <DictionaryView
      initial={{ entries: list.entries.map(entryJson), total: list.total }}
      tags={tags}
      semanticConfigured={embeddingModel !== null}
    />
  );
}
