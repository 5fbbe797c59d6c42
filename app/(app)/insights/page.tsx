import type { Metadata } from "next";
import { InsightsView, SignalsExplained } from "@/components/insights/insights-view";
import { LearnedPatterns } from "@/components/insights/learned-patterns";
import { LearningControls } from "@/components/insights/learning-controls";
import { JudgeAgreementCard } from "@/components/quality/agreement-card";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { parseInsightsParams } from "@/lib/learning/filters";
import { leaderboard } from "@/lib/learning/leaderboard";
import { learningEnabled, listPatterns, patternSummary } from "@/lib/learning/patterns";
import { judgeAgreement } from "@/lib/quality/agreement";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const filter = parseInsightsParams(await searchParams);
  const db = await getDb();
  const [board, enabled, patterns, summary, agreement] = await Promise.all([
    leaderboard(db, { kind: "user", userId: user.id }, filter),
    learningEnabled(db, user.id),
    listPatterns(db, user.id, 8),
    patternSummary(db, user.id),
    judgeAgreement(db, { kind: "user", userId: user.id }),
  ]);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Insights"
        description="Which models win your compares, how you score them, and what that costs — from your own feedback."
      />
      {/* The privacy column sits beside the leaderboard only where the table still fits whole. */}
      <div className="grid gap-6 2xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0">
          <InsightsView board={board} basePath="/insights" />
        </div>
        <aside
          className="grid content-start gap-4 lg:grid-cols-2 2xl:grid-cols-1"
          aria-label="Learning and privacy"
        >
          <div className="space-y-4">
            <LearningControls enabled={enabled} patterns={summary.count} />
            <LearnedPatterns patterns={patterns} enabled={enabled} />
          </div>
          <div className="space-y-4">
            <JudgeAgreementCard agreement={agreement} />
            <SignalsExplained />
          </div>
        </aside>
      </div>
    </div>
  );
}
