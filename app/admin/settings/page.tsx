import type { Metadata } from "next";
import { OutboundAllowlistForm, SharedMarkupForm } from "@/components/admin/settings-forms";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { getSetting } from "@/lib/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function AdminSettingsPage() {
  await requireAdminPage();
  const db = await getDb();
  const [allowlist, markup] = await Promise.all([
    getSetting(db, "outboundAllowlist"),
    getSetting(db, "sharedMarkupPercent"),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Settings" description="Instance-wide settings. Every change is audited." />
      <OutboundAllowlistForm initial={allowlist} />
      <SharedMarkupForm initial={markup} />
    </div>
  );
}
