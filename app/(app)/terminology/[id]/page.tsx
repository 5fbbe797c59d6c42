import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BackToDictionary } from "@/components/terminology/back-link";
import { EntryActions } from "@/components/terminology/entry-actions";
import type { EntryFormValues } from "@/components/terminology/entry-form";
import { CONTEXT_LABEL } from "@/components/terminology/types";
import { Badge, Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { embeddingChoices, embeddingModelOf } from "@/lib/terminology/embeddings";
import { type RelatedView, TerminologyModel } from "@/lib/terminology/store";

export const metadata: Metadata = { title: "Terminology entry" };
export const dynamic = "force-dynamic";

export default async function EntryPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const db = await getDb();
  const entry = await new TerminologyModel(db, actor).get(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const [current, models] = await Promise.all([embeddingModelOf(db, actor.id), embeddingChoices(db)]);
  const modelName = (mid: string | null) =>
    models.find((m) => m.id === mid)?.name ?? "a model no longer listed";
  const tz = actor.user.timezone;
  const initial: EntryFormValues = {
    term: entry.term,
    definition: entry.definition,
    context: entry.context ?? "",
    variants: entry.variants,
    forbiddenVariants: entry.forbiddenVariants,
    caseSensitive: entry.caseSensitive,
    language: entry.language ?? "",
    usageExamples: entry.usageExamples.join("\n"),
    tags: entry.tags,
    relatedTerms: entry.related.map((r) => r.term),
    isPublic: entry.isPublic,
    pinned: entry.pinned,
    notes: entry.notes,
  };

  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6">
      <BackToDictionary />
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold tracking-tight">{entry.term}</h1>
          <div className="mt-2 flex flex-wrap gap-1.5">
            {entry.context ? <Badge>{CONTEXT_LABEL[entry.context]}</Badge> : <Badge>Any context</Badge>}
            <Badge tone={entry.isPublic ? "success" : "neutral"}>
              {entry.isPublic ? "Public" : "Private"}
            </Badge>
            {entry.pinned ? <Badge tone="primary">Pinned</Badge> : null}
            {entry.caseSensitive ? <Badge>Case-sensitive</Badge> : null}
            {entry.language ? <Badge>{entry.language}</Badge> : null}
          </div>
        </div>
        <EntryActions id={entry.id} term={entry.term} initial={initial} />
      </div>

      <div className="grid gap-4 md:grid-cols-[1fr_18rem]">
        <Card className="space-y-5 p-5">
          <Section title="Definition">
            <p className="whitespace-pre-wrap">{entry.definition}</p>
          </Section>
          <Section title="Variants">
            <Chips items={entry.variants} none="No other spellings." />
          </Section>
          <Section title="Forbidden variants">
            <Chips items={entry.forbiddenVariants} none="None." tone="danger" />
          </Section>
          <Section title="Usage examples">
            {entry.usageExamples.length ? (
              <ul className="list-disc space-y-1 pl-5">
                {entry.usageExamples.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            ) : (
              <p className="text-muted-foreground">None.</p>
            )}
          </Section>
          <Section title="Tags">
            <Chips items={entry.tags.map((t) => `#${t}`)} none="No tags." />
          </Section>
          <Section title="Notes">
            {entry.notes ? (
              <p className="whitespace-pre-wrap">{entry.notes}</p>
            ) : (
              <p className="text-muted-foreground">None.</p>
            )}
          </Section>
        </Card>

        <div className="space-y-4">
          <Card className="p-5">
            <h2 className="text-sm font-semibold">Related terms</h2>
            <RelatedList items={entry.related} none="This entry names no related terms." />
            <h2 className="mt-4 text-sm font-semibold">Referenced by</h2>
            <RelatedList items={entry.relatedFrom} none="No other entry names this one." />
          </Card>
          <Card className="p-5">
            <h2 className="text-sm font-semibold">Use in chats</h2>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Used</dt>
              <dd data-testid="entry-frequency">
                {entry.frequency} time{entry.frequency === 1 ? "" : "s"}
              </dd>
              <dt className="text-muted-foreground">Last used</dt>
              <dd>{entry.lastUsedAt ? formatDateTime(entry.lastUsedAt, tz) : "never"}</dd>
              <dt className="text-muted-foreground">Added</dt>
              <dd>{formatDateTime(entry.createdAt, tz)}</dd>
              <dt className="text-muted-foreground">Changed</dt>
              <dd>{formatDateTime(entry.updatedAt, tz)}</dd>
            </dl>
          </Card>
          <Card className="p-5">
            <h2 className="text-sm font-semibold">Meaning search</h2>
            <p className="mt-2 text-sm" data-testid="embedding-status">
              {current === null ? (
                <>
                  Off: no embedding model is configured, so search matches words and misspellings only.{" "}
                  <Link href="/settings/terminology" className="text-primary underline">
                    Choose a model
                  </Link>
                </>
              ) : entry.hasEmbedding && entry.embeddingModel === current ? (
                <>
                  <Badge tone="success">Has a vector</Badge> from {modelName(current)}.
                </>
              ) : entry.embeddingError ? (
                <>
                  <Badge tone="danger">Error</Badge> Embedding failed: {entry.embeddingError}. Prism tries
                  again in a few minutes.
                </>
              ) : (
                <>
                  <Badge tone="warning">Pending</Badge> Waiting to be embedded with {modelName(current)}.
                </>
              )}
            </p>
          </Card>
        </div>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="text-sm">
      <h2 className="mb-1 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Chips({ items, none, tone }: { items: string[]; none: string; tone?: "danger" }) {
  if (items.length === 0) return <p className="text-muted-foreground">{none}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((i) => (
        <li key={i}>
          <Badge tone={tone ?? "neutral"} className="font-normal">
            {i}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function RelatedList({ items, none }: { items: RelatedView[]; none: string }) {
  if (items.length === 0) return <p className="mt-1 text-sm text-muted-foreground">{none}</p>;
  return (
    <ul className="mt-1 space-y-1.5 text-sm">
      {items.map((r) => (
        <li key={r.id}>
          <Link href={`/terminology/${r.id}`} className="font-medium text-primary hover:underline">
            {r.term}
          </Link>
          <p className="line-clamp-1 text-xs text-muted-foreground">{r.definition}</p>
        </li>
      ))}
    </ul>
  );
}
