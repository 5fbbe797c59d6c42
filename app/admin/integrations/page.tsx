import type { Metadata } from "next";
import { IntegrationsTabs } from "@/components/admin/integrations-tabs";
import { IntegrationsManager } from "@/components/integrations/integrations-manager";
import { providerOptions, toIntegrationItem } from "@/components/integrations/items";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { IntegrationModel } from "@/lib/ai/integrations";
import { requireAdminPage } from "@/lib/auth/current";
import {
  addSharedIntegrationModelsAction,
  createSharedIntegrationAction,
  deleteSharedIntegrationAction,
  testSharedIntegrationAction,
  updateSharedIntegrationAction,
} from "./actions";

export const metadata: Metadata = { title: "Shared integrations" };

export default async function SharedIntegrationsPage() {
  const admin = await requireAdminPage();
  const views = await new IntegrationModel(await getDb(), admin).list("shared");
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Shared integrations"
        description="Provider keys and endpoints that every user can call models through, within their plan."
      />
      <IntegrationsTabs active="shared" />
      <IntegrationsManager
        idPrefix="shared-integration"
        title="Shared with every user"
        description={
          <>
            <p>
              Users see these read-only in Settings → Integrations; the key never leaves the server. Calls are
              metered per user, and Admin → Settings can add a markup to their cost.
            </p>
            <p className="mt-1">
              Only shared integrations may use loopback addresses (a local Ollama on 127.0.0.1, or the mock
              model server); a user's own integration needs the host on the outbound allowlist.
            </p>
          </>
        }
        emptyTitle="No shared integrations yet"
        emptyText="Share a provider key so that every user can call its models without their own."
        items={views.map((v) => toIntegrationItem(v, { timezone: admin.timezone, canManage: true }))}
        providers={providerOptions()}
        actions={{
          create: createSharedIntegrationAction,
          update: updateSharedIntegrationAction,
          remove: deleteSharedIntegrationAction,
          test: testSharedIntegrationAction,
          addModels: addSharedIntegrationModelsAction,
        }}
      />
    </div>
  );
}
