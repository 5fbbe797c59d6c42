import { Lightbulb } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import type { Leaderboard } from "@/lib/learning/leaderboard";
import { PERIOD_LABELS } from "./format";
import { LeaderboardTable } from "./leaderboard-table";
import { WinRateChart } from "./win-rate-chart";

function Filters({ board, basePath }: { board: Leaderboard; basePath: string }) {
  return (
    <form
      action={basePath}
      role="search"
      aria-label="Insights filters"
      className="flex flex-wrap items-end gap-3"
    >
      <div>
        <label htmlFor="category" className="mb-1 block text-sm font-medium">
          Template category
        </label>
        <Select id="category" name="category" defaultValue={board.filter.category ?? ""} className="min-w-40">
          <option value="">All categories</option>
          {board.categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="period" className="mb-1 block text-sm font-medium">
          Period
        </label>
        <Select id="period" name="period" defaultValue={board.filter.period} className="min-w-36">
          {Object.entries(PERIOD_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="outline">
        Apply
      </Button>
    </form>
  );
}

/** Which signals the numbers come from, stated exactly (the page promises no hidden inputs). */
export function SignalsExplained() {
  return (
    <Card className="p-4 text-sm">
      <h2 className="mb-2 font-semibold">Which signals are used</h2>
      <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
        <li>
          <strong className="text-foreground">Best-answer votes</strong> in compares (a turn with two or more
          complete answers). Win rate = votes won ÷ voted compares the model answered in; the range is the 95%
          Wilson interval.
        </li>
        <li>
          <strong className="text-foreground">Your 0–10 scores</strong> (the latest per answer). The range is
          the mean ± 1.96 standard errors, shown from two scores on.
        </li>
        <li>
          <strong className="text-foreground">Cost</strong> of each complete answer. Quality per dollar = mean
          score ÷ mean cost per answer, in score points per dollar; blank when the cost is zero.
        </li>
        <li>
          <strong className="text-foreground">Regenerations</strong>: an answer counts as regenerated when you
          asked the same prompt again afterwards.
        </li>
        <li>
          <strong className="text-foreground">Term checks</strong> of answers that had your terminology
          applied (share of applied terms used).
        </li>
        <li>
          <strong className="text-foreground">Fused answers</strong> count as kept when you voted them best,
          or when the turn got no vote and you did not regenerate the prompt.
        </li>
        <li>
          <strong className="text-foreground">Workflow runs</strong> (successes and failures) feed learned
          workflow patterns only.
        </li>
      </ul>
      <p className="mt-2 text-muted-foreground">
        Answers in deleted conversations are left out. The confidence of a learned pattern is the 95% Wilson
        lower bound of its success rate, so a few lucky votes never look certain.
      </p>
    </Card>
  );
}

/** The leaderboard section shared by /insights (one user) and /admin/insights (everyone). */
export function InsightsView({
  board,
  basePath,
  admin = false,
}: {
  board: Leaderboard;
  basePath: string;
  admin?: boolean;
}) {
  const hasModels = board.models.length > 0;
  const hasFeedback = board.totals.votedAnswers > 0 || board.totals.scores > 0;
  return (
    <div className="space-y-6">
      <Filters board={board} basePath={basePath} />
      {!hasFeedback ? (
        <EmptyState title={admin ? "No votes or scores yet" : "No insights yet"}>
          {admin ? (
            <p>Nobody has voted on a compare or scored an answer in this period.</p>
          ) : (
            <>
              <p>
                Insights come from your feedback. In chat, pick two or more models to compare them, then mark
                the best answer (or score answers 0–10).
              </p>
              <p className="mt-3">
                <Link href="/chat" className="font-medium text-primary underline underline-offset-4">
                  Start a compare
                </Link>
              </p>
            </>
          )}
        </EmptyState>
      ) : null}
      {board.statements.length ? (
        <section aria-labelledby="statements-heading" className="space-y-2">
          <h2 id="statements-heading" className="text-lg font-semibold">
            {admin ? "Across Prism" : "What your feedback says"}
          </h2>
          <ul className="grid gap-3 md:grid-cols-2" data-testid="insights-statements">
            {board.statements.map((s) => (
              <li key={s.id}>
                <Card className="flex h-full gap-3 p-4">
                  <Lightbulb aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-primary" />
                  <div>
                    <p className="font-medium">{s.text}</p>
                    <p className="mt-1 text-xs text-muted-foreground">{s.evidence}</p>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {hasModels ? (
        <section aria-labelledby="leaderboard-heading" className="space-y-3">
          <h2 id="leaderboard-heading" className="text-lg font-semibold">
            {admin ? "Leaderboard across users" : "Your leaderboard"}
          </h2>
          {board.chart.length ? <WinRateChart points={board.chart} /> : null}
          <LeaderboardTable
            models={board.models}
            caption={`Models by win rate, ${board.filter.category ?? "all categories"}, ${PERIOD_LABELS[board.filter.period]?.toLowerCase()}`}
          />
          <p className="text-xs text-muted-foreground">
            Ranked by the lower end of the win-rate interval. Ranges are 95% intervals; a dash means no data.
          </p>
        </section>
      ) : null}
    </div>
  );
}
