import type { Metadata } from "next";
import { InsightsView } from "@/components/insights/insights-view";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { parseInsightsParams } from "@/lib/learning/filters";
import { leaderboard } from "@/lib/learning/leaderboard";

export const metadata: Metadata = { title: "Insights" };

/** Admin-wide leaderboard: every user's votes and scores (non-admins get a 404 from the layout and here). */
export default async function AdminInsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage();
  const filter = parseInsightsParams(await searchParams);
  const board = await leaderboard(await getDb(), { kind: "admin" }, filter);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Insights across Prism"
        description="Every user's best-answer votes and scores, per model: win rate, mean score, quality per dollar."
      />
      <InsightsView board={board} basePath="/admin/insights" admin />
    </div>
  );
}
