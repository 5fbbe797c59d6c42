import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { BackToDictionary } from "@/components/terminology/back-link";
import { PublicList } from "@/components/terminology/public-list";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { TerminologyModel } from "@/lib/terminology/store";

export const metadata: Metadata = { title: "Public terminology" };
export const dynamic = "force-dynamic";

const PAGE = 50;
const params = z.object({
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

export default async function PublicTerminologyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor();
  const { q, page } = params.parse(await searchParams);
  // One more than a page tells whether there is a next one.
  const rows = await new TerminologyModel(await getDb(), actor).publicList({
    q: q || undefined,
    limit: PAGE + 1,
    offset: (page - 1) * PAGE,
  });
  const items = rows.slice(0, PAGE);
  const href = (p: number) =>
    `/terminology/public?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <div className="mx-auto max-w-5xl p-4 sm:p-6">
      <BackToDictionary />
      <PageHeader
        title="Public terminology"
        description="Entries other people have made public. Copy the ones you want into your own dictionary; terms you already have are skipped."
      />
      <form role="search" action="/terminology/public" className="mb-4 flex gap-2">
        <label htmlFor="public-search" className="sr-only">
          Search public entries
        </label>
        <Input
          id="public-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search public entries…"
        />
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {items.length === 0 ? (
        <EmptyState title={q ? `No public entries match “${q}”` : "No public entries yet"}>
          <p>When someone marks an entry public, it appears here.</p>
        </EmptyState>
      ) : (
        <PublicList key={`${q}:${page}`} items={items} />
      )}
      {page > 1 || rows.length > PAGE ? (
        <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2 text-sm">
          {page > 1 ? (
            <Link className="rounded-md border px-3 py-1.5 hover:bg-muted" href={href(page - 1)}>
              Previous
            </Link>
          ) : null}
          {rows.length > PAGE ? (
            <Link className="rounded-md border px-3 py-1.5 hover:bg-muted" href={href(page + 1)}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
