import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PublishPanel } from "@/components/templates/publish-panel";
import { TemplateEditor } from "@/components/templates/template-editor";
import { VersionsPanel } from "@/components/templates/versions-panel";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { TEMPLATE_CATEGORIES } from "@/lib/marketplace/schemas";
import { snapshotOf, TemplateModel } from "@/lib/marketplace/templates";
import { editorOptions } from "../editor-options";

export const metadata: Metadata = { title: "Edit template" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The creator's editor: draft, versions with diffs, and publishing. Anyone else gets a 404. */
export default async function TemplatePage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActor();
  const db = await getDb();
  const model = new TemplateModel(db, actor);
  const template = await model.get(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  // The creator edits; an admin may read it (moderation), nobody else learns it exists.
  if (!template || (template.userId !== actor.id && actor.role !== "admin")) notFound();
  const isCreator = template.userId === actor.id;
  const [versions, options] = await Promise.all([model.versions(id), editorOptions(db, actor)]);
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <Link href="/templates" className="text-sm text-muted-foreground hover:underline">
        ← Templates
      </Link>
      <PageHeader
        title={template.name}
        description={
          isCreator
            ? "Edit the draft, then publish a version for buyers."
            : "Viewing as an administrator: only the creator can change or publish this template."
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <TemplateEditor
          templateId={template.id}
          initial={{
            name: template.name,
            description: template.description ?? "",
            avatarUrl: template.avatarUrl ?? "",
            category: template.category ?? "other",
            tags: template.tags,
            systemPrompt: template.systemPrompt,
            personalityConfig: template.personalityConfig,
            modelConfig: template.modelConfig,
            functions: template.functions,
            knowledgeSources: template.knowledgeSources,
            allowedIntegrations: template.allowedIntegrations,
            costLimitPerRequest: template.costLimitPerRequest
              ? String(Number(template.costLimitPerRequest))
              : null,
            examples: template.examples,
          }}
          categories={TEMPLATE_CATEGORIES}
          models={options.models}
          providers={options.providers}
        />
        <div className="space-y-6">
          {isCreator ? (
            <PublishPanel
              t={{
                id: template.id,
                slug: template.slug,
                version: template.currentVersionId ? template.version : null,
                listingStatus: template.listingStatus,
                priceCredits: template.priceCredits ?? 0,
                salesCount: template.salesCount,
                usageCount: template.usageCount,
              }}
            />
          ) : null}
        </div>
      </div>
      <div className="mt-6">
        <VersionsPanel
          draft={snapshotOf(template)}
          versions={versions.map((v) => ({
            id: v.id,
            version: v.version,
            changelog: v.changelog,
            createdAt: v.createdAt.toISOString(),
            snapshot: v.snapshot,
          }))}
        />
      </div>
    </div>
  );
}
