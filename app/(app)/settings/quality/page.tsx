import type { Metadata } from "next";
import { QualitySettingsForm } from "@/components/quality/settings-form";
import { getDb } from "@/db/client";
import { usableModels } from "@/lib/ai/models";
import { requireActor } from "@/lib/auth/current";
import { qualityPreferences } from "@/lib/quality/preferences";
import { RUBRIC, RUBRIC_VERSION } from "@/lib/quality/rubric";

export const metadata: Metadata = { title: "Quality" };
export const dynamic = "force-dynamic";

export default async function QualitySettingsPage() {
  const actor = await requireActor();
  const db = await getDb();
  const [prefs, models] = await Promise.all([qualityPreferences(db, actor.id), usableModels(db, actor)]);
  return (
    <QualitySettingsForm
      initial={prefs}
      models={models
        .filter((m) => m.type === "chat")
        .map((m) => ({ id: m.id, label: `${m.displayName} (${m.providerName})` }))}
      rubric={RUBRIC}
      rubricVersion={RUBRIC_VERSION}
    />
  );
}
