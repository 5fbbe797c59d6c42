import type { Metadata } from "next";
import Link from "next/link";
import { IntegrationCard } from "@/components/integrations/integration-card";
import { IntegrationsManager } from "@/components/integrations/integrations-manager";
import { providerOptions, toIntegrationItem } from "@/components/integrations/items";
import { EmptyState } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { IntegrationModel } from "@/lib/ai/integrations";
import { requireUser } from "@/lib/auth/current";
import {
  addIntegrationModelsAction,
  createIntegrationAction,
  deleteIntegrationAction,
  testIntegrationAction,
  updateIntegrationAction,
} from "./actions";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const user = await requireUser();
  const views = await new IntegrationModel(await getDb(), user).list("usable");
  const own = views
    .filter((v) => v.ownedByMe)
    .map((v) => toIntegrationItem(v, { timezone: user.timezone, canManage: true }));
  const shared = views
    .filter((v) => v.shared)
    .map((v) => toIntegrationItem(v, { timezone: user.timezone, canManage: false }));
  return (
    <div className="space-y-10">
      <IntegrationsManager
        idPrefix="own-integration"
        title="Your integrations"
        description="Your own provider keys. Calls through them are billed by the provider to you."
        emptyTitle="You have no integrations yet"
        emptyText="Add a provider key to call its models with your own account."
        items={own}
        providers={providerOptions()}
        actions={{
          create: createIntegrationAction,
          update: updateIntegrationAction,
          remove: deleteIntegrationAction,
          test: testIntegrationAction,
          addModels: addIntegrationModelsAction,
        }}
      />
      <section aria-labelledby="shared-integrations-heading" className="space-y-4">
        <div>
          <h2 id="shared-integrations-heading" className="text-lg font-semibold">
            Shared by your admin
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            You can call models through these within your plan.
            {user.role === "admin" ? (
              <>
                {" "}
                Manage them in{" "}
                <Link href="/admin/integrations" className="font-medium text-primary hover:underline">
                  Admin → Integrations
                </Link>
                .
              </>
            ) : null}
          </p>
        </div>
        {shared.length === 0 ? (
          <EmptyState title="No shared integrations">Your admin has not shared any provider yet.</EmptyState>
        ) : (
          <div className="grid gap-4">
            {shared.map((item) => (
              <IntegrationCard key={item.id} item={item} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
