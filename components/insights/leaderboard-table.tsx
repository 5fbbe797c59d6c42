import { Badge, Card } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import type { ModelStats } from "@/lib/learning/stats";
import { dash, percent, percentRange, perDollar, score, scoreRange } from "./format";

const th = "whitespace-nowrap px-3 py-2 font-medium";
const td = "whitespace-nowrap px-3 py-2 tabular-nums";

/** The leaderboard: one row per model, best first (win rate's lower bound), with intervals and counts. */
export function LeaderboardTable({ models, caption }: { models: ModelStats[]; caption: string }) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="insights-leaderboard">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className={`${th} sticky left-0 bg-muted`}>
              Model
            </th>
            <th
              scope="col"
              className={th}
              title="Share of voted compares where this model's answer was picked best"
            >
              Win rate
            </th>
            <th scope="col" className={th} title="Best-answer votes won of the voted compares it answered in">
              Votes
            </th>
            <th scope="col" className={th} title="Mean of your 0–10 scores, its 95% interval and how many">
              Mean score
            </th>
            <th
              scope="col"
              className={th}
              title="Mean 0–10 overall score from a judge model (Assess quality), and how many answers it judged"
            >
              Judge score
            </th>
            <th scope="col" className={th} title="Mean score ÷ mean cost per answer (points per dollar)">
              Quality / $
            </th>
            <th scope="col" className={th} title="Mean cost per answer, and the total">
              Cost / answer
            </th>
            <th scope="col" className={th} title="Answers followed by a regeneration of the same prompt">
              Regenerated
            </th>
            <th scope="col" className={th} title="Mean term check score of answers that had terms applied">
              Terms
            </th>
            <th scope="col" className={th} title="Fused answers this model wrote that you kept">
              Fused kept
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {models.map((m, i) => (
            <tr key={m.modelKey} data-testid="insights-row" data-model={m.label}>
              <th scope="row" className="sticky left-0 bg-card px-3 py-2 text-left font-medium">
                <span className="flex items-center gap-2">
                  <span className="max-w-[11rem] truncate" title={m.label}>
                    {m.label}
                  </span>
                  {i === 0 && m.winRate ? <Badge tone="primary">top</Badge> : null}
                </span>
              </th>
              <td className={td}>
                {m.winRate ? (
                  <>
                    <span className="font-medium">{percent(m.winRate.mean)}</span>{" "}
                    <span className="text-xs text-muted-foreground">{percentRange(m.winRate)}</span>
                  </>
                ) : (
                  dash
                )}
              </td>
              <td className={td}>{m.voted ? `${m.wins} of ${m.voted}` : dash}</td>
              <td className={td}>
                {m.scoreN ? (
                  <>
                    <span className="font-medium">{score(m.scoreMean)}</span>{" "}
                    <span className="text-xs text-muted-foreground">
                      {m.scoreInterval ? `${scoreRange(m.scoreInterval)} · ` : ""}
                      {formatCount(m.scoreN)} scored
                    </span>
                  </>
                ) : (
                  dash
                )}
              </td>
              <td className={td}>
                {m.judgeN ? (
                  <>
                    <span className="font-medium">{score(m.judgeMean)}</span>{" "}
                    <span className="text-xs text-muted-foreground">{formatCount(m.judgeN)} judged</span>
                  </>
                ) : (
                  dash
                )}
              </td>
              <td className={td}>{perDollar(m.qualityPerDollar)}</td>
              <td className={td}>
                {m.costPerAnswer === null ? dash : formatUsd(m.costPerAnswer)}{" "}
                <span className="text-xs text-muted-foreground">{formatUsd(m.costTotal)} in all</span>
              </td>
              <td className={td}>
                {m.regenerationRate === null ? dash : `${percent(m.regenerationRate)} of ${m.answers}`}
              </td>
              <td className={td}>{m.termN ? `${percent(m.termAdherence)} of ${m.termN}` : dash}</td>
              <td className={td}>{m.fused ? `${m.fusedKept} of ${m.fused}` : dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
