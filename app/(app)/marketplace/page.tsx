import type { Metadata } from "next";
import Link from "next/link";
import { Stars } from "@/components/marketplace/stars";
import { Avatar } from "@/components/templates/avatar";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { browseListings } from "@/lib/marketplace/browse";
import { TEMPLATE_CATEGORIES } from "@/lib/marketplace/schemas";

export const metadata: Metadata = { title: "Marketplace" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SORTS = [
  ["", "Best match / popular"],
  ["rating", "Highest rated"],
  ["popular", "Most used"],
  ["newest", "Newest"],
  ["price_asc", "Price: low to high"],
  ["price_desc", "Price: high to low"],
] as const;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function MarketplacePage({ searchParams }: Props) {
  await requireActor();
  const sp = await searchParams;
  const params = {
    q: one(sp.q),
    category: one(sp.category),
    tags: one(sp.tags),
    price: one(sp.price),
    minPrice: one(sp.minPrice),
    maxPrice: one(sp.maxPrice),
    minRating: one(sp.minRating),
    sort: one(sp.sort),
  };
  let error: string | null = null;
  const result = await browseListings(await getDb(), {
    ...params,
    tags: params.tags
      ? params.tags
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean)
      : [],
    page: one(sp.page) ?? 1,
  }).catch((err: unknown) => {
    if (err instanceof AppError) {
      error = err.message;
      return null;
    }
    throw err;
  });

  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Marketplace"
        description="Agent templates made by the community. Free ones start at once; paid ones cost credits, once."
        actions={
          <div className="flex gap-2">
            <Button asChild variant="outline">
              <Link href="/wallet">Wallet</Link>
            </Button>
            <Button asChild>
              <Link href="/templates/new">Sell a template</Link>
            </Button>
          </div>
        }
      />
      <form
        role="search"
        aria-label="Search templates"
        className="mb-6 grid gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <div className="sm:col-span-2">
          <Field id="mk-q" label="Search">
            {" "}
            <Input
              id="mk-q"
              name="q"
              type="search"
              defaultValue={params.q}
              placeholder="e.g. contract reviewer"
            />
          </Field>
        </div>
        <div>
          <Field id="mk-category" label="Category">
            {" "}
            <Select id="mk-category" name="category" defaultValue={params.category ?? ""}>
              <option value="">All categories</option>
              {TEMPLATE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c[0]?.toUpperCase()}
                  {c.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div>
          <Field id="mk-sort" label="Sort">
            {" "}
            <Select id="mk-sort" name="sort" defaultValue={params.sort ?? ""}>
              {SORTS.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div>
          <Field id="mk-tags" label="Tags">
            {" "}
            <Input id="mk-tags" name="tags" defaultValue={params.tags} placeholder="sql, finance" />
          </Field>
        </div>
        <div>
          <Field id="mk-price" label="Price">
            {" "}
            <Select id="mk-price" name="price" defaultValue={params.price ?? "all"}>
              <option value="all">Free and paid</option>
              <option value="free">Free</option>
              <option value="paid">Paid</option>
            </Select>
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <div>
            <Field id="mk-minPrice" label="Min credits">
              {" "}
              <Input id="mk-minPrice" name="minPrice" inputMode="numeric" defaultValue={params.minPrice} />
            </Field>
          </div>
          <div>
            <Field id="mk-maxPrice" label="Max credits">
              {" "}
              <Input id="mk-maxPrice" name="maxPrice" inputMode="numeric" defaultValue={params.maxPrice} />
            </Field>
          </div>
        </div>
        <div className="flex items-end gap-2">
          <div className="flex-1">
            <Field id="mk-minRating" label="Minimum rating">
              {" "}
              <Select id="mk-minRating" name="minRating" defaultValue={params.minRating ?? ""}>
                <option value="">Any</option>
                {[4, 3, 2, 1].map((r) => (
                  <option key={r} value={r}>
                    {r}+ stars
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button type="submit">Search</Button>
        </div>
      </form>

      {error ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-danger/40 bg-danger/10 p-3 text-sm text-danger"
        >
          {error}
        </p>
      ) : null}
      {result && result.items.length === 0 ? (
        <EmptyState title="No templates match">
          <p>Try fewer filters or other words. Or build the template you were looking for.</p>
        </EmptyState>
      ) : null}
      {result && result.items.length > 0 ? (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Templates">
            {result.items.map((t) => (
              <li key={t.id}>
                <Card className="flex h-full flex-col gap-3 p-4 transition-shadow focus-within:ring-2 focus-within:ring-ring hover:shadow-md">
                  <div className="flex items-start gap-3">
                    <Avatar value={t.avatarUrl} name={t.name} />
                    <div className="min-w-0 flex-1">
                      <Link
                        href={`/marketplace/${t.slug}`}
                        className="font-medium hover:underline focus:outline-none"
                      >
                        {t.name}
                      </Link>
                      <p className="text-xs text-muted-foreground">by {t.creator}</p>
                    </div>
                    <Badge tone={t.priceCredits ? "primary" : "success"}>
                      {t.priceCredits ? `${t.priceCredits.toLocaleString("en-US")} credits` : "Free"}
                    </Badge>
                  </div>
                  <p className="line-clamp-3 text-sm text-muted-foreground">
                    {t.description || "No description."}
                  </p>
                  <div className="mt-auto flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                    <Stars value={t.rating} count={t.ratingCount} />
                    <span>{t.usageCount.toLocaleString("en-US")} uses</span>
                    {t.category ? <span className="capitalize">{t.category}</span> : null}
                    {t.tags.slice(0, 3).map((tag) => (
                      <span key={tag} className="rounded bg-muted px-1.5 py-0.5">
                        #{tag}
                      </span>
                    ))}
                  </div>
                </Card>
              </li>
            ))}
          </ul>
          <Pagination
            page={result.query.page}
            pageSize={result.query.pageSize}
            total={result.total}
            basePath="/marketplace"
            params={params}
          />
          {result.totalCapped ? (
            <p className="mt-2 text-xs text-muted-foreground">
              More than 1,000 templates match; narrow the search.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
