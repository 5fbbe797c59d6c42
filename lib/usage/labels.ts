import { inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { aiIntegrations, aiModels, aiProviders, aiTemplates, apiKeys, users, workflows } from "@/db/schema";
import type { AnalyticsScope, Dimension } from "./analytics";

/** Human names for dimension ids (a user sees only their own keys' and workflows' names; emails: admins). */
export async function dimensionLabels(
  db: Db,
  scope: AnalyticsScope,
  dimension: Dimension,
  ids: readonly string[],
): Promise<Record<string, string>> {
  const list = [...new Set(ids.filter((id): id is string => !!id && /^[0-9a-f-]{36}$/.test(id)))];
  if (dimension === "requestType") return Object.fromEntries(ids.map((id) => [id, id]));
  if (list.length === 0) return {};
  const pairs = async (): Promise<{ id: string; label: string }[]> => {
    switch (dimension) {
      case "model":
        return db
          .select({ id: aiModels.id, label: aiModels.displayName })
          .from(aiModels)
          .where(inArray(aiModels.id, list));
      case "provider":
        return db
          .select({ id: aiProviders.id, label: aiProviders.name })
          .from(aiProviders)
          .where(inArray(aiProviders.id, list));
      case "integration":
        return db
          .select({ id: aiIntegrations.id, label: aiIntegrations.name })
          .from(aiIntegrations)
          .where(inArray(aiIntegrations.id, list));
      case "template":
        return db
          .select({ id: aiTemplates.id, label: aiTemplates.name })
          .from(aiTemplates)
          .where(inArray(aiTemplates.id, list));
      case "apiKey": {
        const rows = await db
          .select({ id: apiKeys.id, label: apiKeys.name, userId: apiKeys.userId })
          .from(apiKeys)
          .where(inArray(apiKeys.id, list));
        return rows.filter((r) => scope.kind === "admin" || r.userId === scope.userId);
      }
      case "workflow": {
        const rows = await db
          .select({ id: workflows.id, label: workflows.name, userId: workflows.userId })
          .from(workflows)
          .where(inArray(workflows.id, list));
        return rows.filter((r) => scope.kind === "admin" || r.userId === scope.userId);
      }
      case "user":
        return scope.kind === "admin"
          ? db.select({ id: users.id, label: users.email }).from(users).where(inArray(users.id, list))
          : [];
    }
  };
  return Object.fromEntries((await pairs()).map((p) => [p.id, p.label]));
}

/** The names of every catalog model and provider (the same for every viewer), in one statement. */
export async function catalogLabels(
  db: Db,
): Promise<{ model: Record<string, string>; provider: Record<string, string> }> {
  const rows = rowsOf<{ kind: "model" | "provider"; id: string; label: string }>(
    await db.execute(sql`
      select 'model' as kind, id::text as id, display_name as label from ${aiModels}
      union all
      select 'provider', id::text, name from ${aiProviders}`),
  );
  const out = { model: {} as Record<string, string>, provider: {} as Record<string, string> };
  for (const r of rows) out[r.kind][r.id] = r.label;
  return out;
}
