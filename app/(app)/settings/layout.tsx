import type { Metadata } from "next";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: { default: "Settings", template: "%s · Settings · Prism" } };

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Settings"
        description="Your profile, password, signed-in devices and provider integrations."
      />
      <SettingsTabs />
      <div className="mt-6">{children}</div>
    </div>
  );
}
