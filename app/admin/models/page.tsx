import type { Metadata } from "next";
import { z } from "zod";
import { CustomModelForm } from "@/components/admin/custom-model-form";
import { ModelsTable } from "@/components/admin/models-table";
import { ProvidersTable } from "@/components/admin/providers-table";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { CatalogAdmin } from "@/lib/ai/catalog-admin";
import { IntegrationModel } from "@/lib/ai/integrations";
import { requireAdminPage } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Models" };

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const modelFilter = z.object({
  provider: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]{1,50}$/)
      .optional(),
  ),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
});

const CUSTOM_MODEL_PROVIDERS = new Set(["openai-compatible", "ollama"]);

type Search = { provider?: string; q?: string };

export default async function AdminModelsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdminPage();
  const parsed = modelFilter.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : {};
  const db = await getDb();
  const catalog = new CatalogAdmin(db, admin);
  const integrations = new IntegrationModel(db, admin);
  const [providers, models, shared, own] = await Promise.all([
    catalog.providers(),
    catalog.models(filter),
    integrations.list("shared"),
    integrations.list("own"),
  ]);
  const customTargets = [...shared, ...own]
    .filter((i) => CUSTOM_MODEL_PROVIDERS.has(i.provider))
    .map((i) => ({ id: i.id, name: i.name, providerName: i.providerName, shared: i.shared }));

  return (
    <div className="mx-auto max-w-6xl space-y-10">
      <PageHeader
        title="Models"
        description="Provider health, the model catalog and its prices. A price change applies to calls from now on."
      />

      <section aria-labelledby="providers-heading" className="space-y-3">
        <h2 id="providers-heading" className="text-lg font-semibold">
          Providers
        </h2>
        <ProvidersTable rows={providers} />
      </section>

      <section aria-labelledby="catalog-heading" className="space-y-3">
        <h2 id="catalog-heading" className="text-lg font-semibold">
          Catalog
        </h2>
        <form className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter models">
          <div className="min-w-56 flex-1">
            <label htmlFor="q" className="mb-1 block text-sm font-medium">
              Search
            </label>
            <Input id="q" name="q" type="search" placeholder="Model name" defaultValue={filter.q ?? ""} />
          </div>
          <div>
            <label htmlFor="provider" className="mb-1 block text-sm font-medium">
              Provider
            </label>
            <Select id="provider" name="provider" defaultValue={filter.provider ?? ""} className="w-48">
              <option value="">Any provider</option>
              {providers.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="outline">
            Filter
          </Button>
        </form>
        {!parsed.success ? (
          <p role="alert" className="text-sm text-danger">
            Some filters were not valid and were ignored.
          </p>
        ) : null}
        <p className="text-sm text-muted-foreground">
          Prices in USD per million tokens (video: per second of output). Cached is the price of cached input
          tokens. A disabled model is not offered to users.
        </p>
        {models.length === 0 ? (
          <EmptyState title="No models match these filters">
            Try a shorter search or another provider.
          </EmptyState>
        ) : (
          <ModelsTable rows={models} timezone={admin.timezone} />
        )}
      </section>

      <section aria-labelledby="custom-model-heading" className="space-y-3">
        <div>
          <h2 id="custom-model-heading" className="text-lg font-semibold">
            Add custom model
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            For models an OpenAI-compatible server or Ollama serves that the catalog does not list. Testing an
            integration can also add the models its endpoint reports.
          </p>
        </div>
        <Card className="p-5">
          <CustomModelForm integrations={customTargets} />
        </Card>
      </section>
    </div>
  );
}
