/**
 * Ranking statistics for terminology search and learning (issue #15): reciprocal rank fusion of
 * search result lists, and the Wilson score interval used as the confidence of learned patterns.
 */

/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): score(id) = Σ over the lists that
 * contain it of 1 / (k + rank), rank 1-based. An id repeated inside one list counts once, at its
 * best rank. Sorted by score, then best single rank, then id (code-unit order). The terms of a sum
 * are added in rank order, so ids with the same ranks get bit-identical scores and tie exactly.
 */
export function reciprocalRankFusion(
  lists: readonly (readonly string[])[],
  k = 60,
): { id: string; score: number }[] {
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be a finite number ≥ 0, got ${k}`);
  const ranks = new Map<string, number[]>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach((id, index) => {
      if (seen.has(id)) return;
      seen.add(id);
      const mine = ranks.get(id);
      if (mine) mine.push(index + 1);
      else ranks.set(id, [index + 1]);
    });
  }
  const fused = [...ranks].map(([id, r]) => {
    r.sort((a, b) => a - b);
    let score = 0;
    for (const rank of r) score += 1 / (k + rank);
    return { id, score, best: r[0]! };
  });
  fused.sort((a, b) => b.score - a.score || a.best - b.best || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return fused.map(({ id, score }) => ({ id, score }));
}

/**
 * Wilson score interval for a proportion (Wilson 1927) at z (1.96 ≈ 95%): with p = s/n,
 * centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
 * `mean` is p itself. No trials → {0, 0, 0}. Counts may be fractional (weighted votes) but must be
 * finite, ≥ 0, with successes ≤ trials.
 */
export function wilson(
  successes: number,
  trials: number,
  z = 1.96,
): { lower: number; upper: number; mean: number } {
  if (!Number.isFinite(successes) || !Number.isFinite(trials) || successes < 0 || trials < 0) {
    throw new RangeError(`successes and trials must be finite and ≥ 0, got ${successes} of ${trials}`);
  }
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`z must be a finite number > 0, got ${z}`);
  if (trials === 0) return { lower: 0, upper: 0, mean: 0 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), mean: p };
}
