import type { Metadata } from "next";
import { AdminLimitsForm, OutboundAllowlistForm, SharedMarkupForm } from "@/components/admin/settings-forms";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { getSetting } from "@/lib/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function AdminSettingsPage() {
  await requireAdminPage();
  const db = await getDb();
  const [allowlist, markup, adminsExemptFromPlanLimits, chargeAdminsForSharedIntegrations] =
    await Promise.all([
      getSetting(db, "outboundAllowlist"),
      getSetting(db, "sharedMarkupPercent"),
      getSetting(db, "adminsExemptFromPlanLimits"),
      getSetting(db, "chargeAdminsForSharedIntegrations"),
    ]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Settings" description="Instance-wide settings. Every change is audited." />
      <AdminLimitsForm initial={{ adminsExemptFromPlanLimits, chargeAdminsForSharedIntegrations }} />
      <OutboundAllowlistForm initial={allowlist} />
      <SharedMarkupForm initial={markup} />
    </div>
  );
}
