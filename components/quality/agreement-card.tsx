import { Scale } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { JudgeAgreement } from "@/lib/quality/agreement";

/** How far to trust the judge: its overall score against people's, on answers scored by both. */
export function JudgeAgreementCard({ agreement }: { agreement: JudgeAgreement }) {
  const { pairs, withinOne, meanAbsDiff } = agreement;
  return (
    <Card className="p-4 text-sm" data-testid="judge-agreement">
      <h2 className="mb-2 flex items-center gap-2 font-semibold">
        <Scale aria-hidden="true" className="h-4 w-4 text-primary" /> Judge vs people
      </h2>
      {pairs === 0 ? (
        <p className="text-muted-foreground">
          No answer has both your score and a judge&apos;s yet. Score an answer and use “Assess” on it to see
          how closely the judge model agrees with you. The default judge is set in{" "}
          <Link href="/settings/quality" className="text-primary underline">
            Settings → Quality
          </Link>
          .
        </p>
      ) : (
        <>
          <p>
            <span className="text-2xl font-semibold tabular-nums">
              {Math.round((withinOne / pairs) * 100)}%
            </span>{" "}
            within ±1 point of your score
          </p>
          <p className="mt-1 text-muted-foreground">
            {withinOne} of {pairs} {pairs === 1 ? "answer" : "answers"} scored by both; mean difference{" "}
            {meanAbsDiff === null ? "–" : meanAbsDiff.toFixed(1)} points.
            {pairs < 10 ? " Too few to rely on yet." : ""}
          </p>
        </>
      )}
    </Card>
  );
}
