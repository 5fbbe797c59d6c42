import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/templates/avatar";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { TemplateModel } from "@/lib/marketplace/templates";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

const STATUS: Record<string, { label: string; tone: "neutral" | "success" | "danger" | "warning" }> = {
  draft: { label: "Draft", tone: "neutral" },
  published: { label: "Listed", tone: "success" },
  unlisted: { label: "Unlisted", tone: "warning" },
  removed: { label: "Removed", tone: "danger" },
};

export default async function TemplatesPage() {
  const actor = await requireActor();
  const templates = await new TemplateModel(await getDb(), actor).listMine();
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Templates"
        description="Agents you build: a system prompt, a persona, model settings, tools and knowledge. Publish versions and sell them in the marketplace."
        actions={
          <div className="flex gap-2">
            <Button asChild variant="outline">
              <Link href="/creator">Creator dashboard</Link>
            </Button>
            <Button asChild>
              <Link href="/templates/new">New template</Link>
            </Button>
          </div>
        }
      />
      {templates.length === 0 ? (
        <EmptyState title="No templates yet">
          <p>Create one to reuse a setup in chat, or to sell it in the marketplace.</p>
          <Button asChild className="mt-4">
            <Link href="/templates/new">Create your first template</Link>
          </Button>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {templates.map((t) => {
            const status = STATUS[t.listingStatus] ?? { label: t.listingStatus, tone: "neutral" as const };
            return (
              <li key={t.id}>
                <Card className="flex h-full flex-col gap-3 p-4">
                  <div className="flex items-start gap-3">
                    <Avatar value={t.avatarUrl} name={t.name} />
                    <div className="min-w-0 flex-1">
                      <Link href={`/templates/${t.id}`} className="font-medium hover:underline">
                        {t.name}
                      </Link>
                      <p className="line-clamp-2 text-sm text-muted-foreground">
                        {t.description || "No description"}
                      </p>
                    </div>
                  </div>
                  <div className="mt-auto flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {t.currentVersionId ? (
                      <Badge tone="primary">v{t.version}</Badge>
                    ) : (
                      <Badge>no version</Badge>
                    )}
                    <span>{t.priceCredits ? `${t.priceCredits} credits` : "Free"}</span>
                    <span>· {t.salesCount} sales</span>
                    <span>· {t.usageCount} uses</span>
                    {t.ratingCount ? <span>· ★ {t.rating.toFixed(1)}</span> : null}
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
