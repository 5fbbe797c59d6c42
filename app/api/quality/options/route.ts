import { getDb } from "@/db/client";
import { usableModelsCached } from "@/lib/ai/models";
import { requireActor } from "@/lib/auth/current";
import { errorResponse } from "@/lib/errors";
import { qualityPreferences } from "@/lib/quality/preferences";
import { assignableUsers } from "@/lib/tasks/tasks";

export const dynamic = "force-dynamic";

/** What the judge and follow-up dialogs offer: chat models, the default judge, assignable users. */
export async function GET() {
  try {
    const actor = await requireActor();
    const db = await getDb();
    const [models, prefs, users] = await Promise.all([
      usableModelsCached(db, actor),
      qualityPreferences(db, actor.id),
      assignableUsers(db),
    ]);
    return Response.json({
      judgeModelId: prefs.judgeModelId,
      models: models
        .filter((m) => m.type === "chat")
        .map((m) => ({ id: m.id, name: m.name, label: `${m.displayName} (${m.providerName})` })),
      users: users.map((u) => ({ id: u.id, name: u.name, me: u.id === actor.id })),
    });
  } catch (err) {
    return errorResponse(err);
  }
}
