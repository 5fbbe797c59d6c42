import type { Metadata } from "next";
import { SyncPanel } from "@/components/sync/sync-panel";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";
import { SyncTargetModel } from "@/lib/sync/store";

export const metadata: Metadata = { title: "Sync" };

export default async function SyncPage() {
  const user = await requireUser();
  const model = new SyncTargetModel(await getDb(), { id: user.id, role: user.role });
  const when = (d: Date | null) => (d ? formatDateTime(d, user.timezone) : null);
  const targets = await Promise.all(
    (await model.list()).map(async (t) => ({
      id: t.id,
      name: t.name,
      url: t.url,
      apiKeyHint: t.apiKeyHint,
      kinds: t.kinds,
      schedule: t.schedule,
      enabled: t.enabled,
      status: t.status,
      lastError: t.lastError,
      lastSync: when(t.lastSyncAt),
      deliveries: (await model.deliveries(t.id, 20)).map((d) => ({
        id: d.id,
        kind: d.kind,
        trigger: d.trigger,
        status: d.status,
        attempts: d.attempts,
        httpStatus: d.httpStatus,
        items: d.items,
        payloadBytes: d.payloadBytes,
        lastError: d.lastError,
        created: when(d.createdAt) ?? "",
        delivered: when(d.deliveredAt),
        nextAttempt: d.status === "pending" ? when(d.nextAttemptAt) : null,
      })),
    })),
  );
  return <SyncPanel targets={targets} />;
}
