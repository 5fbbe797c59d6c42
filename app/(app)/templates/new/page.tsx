import type { Metadata } from "next";
import Link from "next/link";
import { EMPTY_TEMPLATE, TemplateEditor } from "@/components/templates/template-editor";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { TEMPLATE_CATEGORIES } from "@/lib/marketplace/schemas";
import { editorOptions } from "../editor-options";

export const metadata: Metadata = { title: "New template" };
export const dynamic = "force-dynamic";

export default async function NewTemplatePage() {
  const actor = await requireActor();
  const { models, providers } = await editorOptions(await getDb(), actor);
  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6">
      <Link href="/templates" className="text-sm text-muted-foreground hover:underline">
        ← Templates
      </Link>
      <PageHeader title="New template" description="Save a draft, then publish a version when it is ready." />
      <TemplateEditor
        templateId={null}
        initial={EMPTY_TEMPLATE}
        categories={TEMPLATE_CATEGORIES}
        models={models}
        providers={providers}
      />
    </div>
  );
}
