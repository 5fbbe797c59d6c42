import type { Metadata } from "next";
import { AdminLimitsForm, OutboundAllowlistForm, SharedMarkupForm } from "@/components/admin/settings-forms";
import { AdminEmbeddingModelForm } from "@/components/terminology/embedding-model-form";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { getSetting } from "@/lib/settings";
import { embeddingChoices } from "@/lib/terminology/embeddings";

export const metadata: Metadata = { title: "Settings" };

export default async function AdminSettingsPage() {
  await requireAdminPage();
  const db = await getDb();
  const [
    allowlist,
    markup,
    adminsExemptFromPlanLimits,
    chargeAdminsForSharedIntegrations,
    embeddingModel,
    embeddingModels,
  ] = await Promise.all([
    getSetting(db, "outboundAllowlist"),
    getSetting(db, "sharedMarkupPercent"),
    getSetting(db, "adminsExemptFromPlanLimits"),
    getSetting(db, "chargeAdminsForSharedIntegrations"),
    getSetting(db, "embeddingModel"),
    embeddingChoices(db),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Settings" description="Instance-wide settings. Every change is audited." />
      <AdminLimitsForm initial={{ adminsExemptFromPlanLimits, chargeAdminsForSharedIntegrations }} />
      <OutboundAllowlistForm initial={allowlist} />
      <SharedMarkupForm initial={markup} />
      <AdminEmbeddingModelForm
        initial={embeddingModel ?? "off"}
        options={[
          { value: "off", label: "Off — lexical search only" },
          ...embeddingModels.map((m) => ({ value: m.id, label: m.name })),
        ]}
      />
    </div>
  );
}
