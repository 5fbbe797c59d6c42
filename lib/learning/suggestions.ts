import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { learningPatterns } from "@/db/schema";
import { wilson } from "@/lib/terminology/rank";
import { learningEnabled } from "./patterns";
import { qualityPerDollar, Z95 } from "./stats";

export type Suggestion = { modelId: string; label: string; reason: string };

export type Suggestions = {
  /** False when the user turned learning off: nothing is suggested. */
  enabled: boolean;
  /** Best quality: models by the 95% Wilson lower bound of their win rate (at least one win). */
  bestQuality: Suggestion[];
  /** Best value: models by quality per dollar (mean score ÷ mean cost per answer). */
  bestValue: Suggestion[];
  /** Every suggested model id (either list), for a "suggested" mark in the picker. */
  suggested: string[];
  /** The default fuser: the best-quality model, when there is one. */
  fuser: string | null;
};

const aiData = z.object({
  category: z.string(),
  modelId: z.string().nullable(),
  label: z.string(),
  answers: z.number().default(0),
  voted: z.number(),
  wins: z.number(),
  scoreN: z.number(),
  scoreSum: z.number().default(0),
  costSum: z.number().default(0),
});

const NONE: Suggestions = { enabled: false, bestQuality: [], bestValue: [], suggested: [], fuser: null };

/**
 * Suggestions from what was learned (the user's ai_preference patterns, so deleting them or turning
 * learning off removes them). For a category with learned models, that category's; otherwise
 * every category's evidence added up. Only models in `available` (when given) are suggested.
 */
export async function suggestionsFor(
  db: Db,
  userId: string,
  opts: { category?: string | null; available?: readonly string[]; limit?: number } = {},
): Promise<Suggestions> {
  if (!(await learningEnabled(db, userId))) return NONE;
  const rows = await db
    .select({ data: learningPatterns.data })
    .from(learningPatterns)
    .where(and(eq(learningPatterns.userId, userId), eq(learningPatterns.patternType, "ai_preference")));
  const available = opts.available ? new Set(opts.available) : null;
  const parsed = rows
    .map((r) => aiData.safeParse(r.data))
    .flatMap((p) => (p.success && p.data.modelId ? [{ ...p.data, modelId: p.data.modelId }] : []))
    .filter((d) => !available || available.has(d.modelId));
  const inCategory = opts.category ? parsed.filter((d) => d.category === opts.category) : [];
  const source = inCategory.length ? inCategory : parsed;
  const byModel = new Map<string, (typeof source)[number]>();
  for (const d of source) {
    const into = byModel.get(d.modelId);
    if (!into) byModel.set(d.modelId, { ...d });
    else {
      into.answers += d.answers;
      into.voted += d.voted;
      into.wins += d.wins;
      into.scoreN += d.scoreN;
      into.scoreSum += d.scoreSum;
      into.costSum += d.costSum;
    }
  }
  const limit = opts.limit ?? 3;
  const models = [...byModel.values()];
  const quality = models
    .filter((m) => m.wins > 0)
    .map((m) => ({ m, lower: wilson(m.wins, m.voted, Z95).lower }))
    .sort((a, b) => b.lower - a.lower || b.m.wins - a.m.wins || a.m.label.localeCompare(b.m.label))
    .slice(0, limit)
    .map(({ m }) => ({
      modelId: m.modelId,
      label: m.label,
      reason: `Picked best in ${m.wins} of ${m.voted} compares`,
    }));
  const value = models
    .map((m) => ({
      m,
      qpd: qualityPerDollar(
        m.scoreN ? m.scoreSum / m.scoreN : null,
        m.answers ? m.costSum / m.answers : null,
      ),
    }))
    .filter((x): x is { m: (typeof models)[number]; qpd: number } => x.qpd !== null)
    .sort((a, b) => b.qpd - a.qpd || a.m.label.localeCompare(b.m.label))
    .slice(0, limit)
    .map(({ m }) => ({
      modelId: m.modelId,
      label: m.label,
      reason: `Mean score ${(m.scoreSum / m.scoreN).toFixed(1)} at $${(m.costSum / m.answers).toFixed(6)} per answer`,
    }));
  return {
    enabled: true,
    bestQuality: quality,
    bestValue: value,
    suggested: [...new Set([...quality, ...value].map((s) => s.modelId))],
    fuser: quality[0]?.modelId ?? null,
  };
}
