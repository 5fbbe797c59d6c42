/**
 * The term matcher's budgets (issue #15), on deterministic generated data, no database:
 * - check_p95_ms: `checkAnswer` of a ~3,000-character answer against 200 entries (budget ≤ 5 ms);
 * - mentioned_p95_ms: `mentionedIn` of a 2,000-character prompt against a 10,000-entry
 *   dictionary (budget ≤ 10 ms);
 * - compile_ms: `compileMatcher` of those 10,000 entries (median of 5 compiles).
 * p95 over BENCH_RUNS (default 500) runs after 50 warm-ups. Prints one JSON object.
 * Run: `npx tsx scripts/bench/terminology-match.ts`.
 */
import { checkAnswer, compileMatcher, type MatchEntry, mentionedIn } from "../../lib/terminology/match";

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const WARMUP = 50;

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(15);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ter",
  "nu",
  "sa",
  "ver",
  "do",
  "ri",
  "pex",
  "an",
  "tum",
  "zu",
  "bel",
  "os",
];
const word = () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join("");

function makeEntries(count: number): MatchEntry[] {
  const seen = new Set<string>();
  const entries: MatchEntry[] = [];
  while (entries.length < count) {
    const term = Array.from({ length: 1 + Math.floor(rand() * 3) }, word).join(" ");
    if (seen.has(term)) continue;
    seen.add(term);
    entries.push({
      id: `entry-${entries.length}`,
      term,
      variants: rand() < 0.5 ? [`${term}s`] : [],
      forbiddenVariants: rand() < 0.3 ? [word()] : [],
      caseSensitive: rand() < 0.1,
    });
  }
  return entries;
}

/** Prose of about `length` characters: filler words with some of the entries' spellings. */
function makeText(entries: readonly MatchEntry[], length: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const r = rand();
    const e = pick(entries);
    const part = r < 0.1 ? e.term : r < 0.13 && e.forbiddenVariants.length ? e.forbiddenVariants[0]! : word();
    const sep = rand() < 0.1 ? ". " : rand() < 0.1 ? ",\n" : " ";
    parts.push(part, sep);
    size += part.length + sep.length;
  }
  return parts.join("").slice(0, length);
}

function p95(run: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

const dictionary = makeEntries(10_000);
const compiles: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  compileMatcher(dictionary);
  compiles.push(performance.now() - start);
}
compiles.sort((a, b) => a - b);
const full = compileMatcher(dictionary);
const prompt = makeText(dictionary, 2_000);

const applied = dictionary.slice(0, 200);
const small = compileMatcher(applied);
const answer = makeText(applied, 3_000);

console.log(
  JSON.stringify({
    check_p95_ms: round(p95(() => checkAnswer(small, answer))),
    mentioned_p95_ms: round(p95(() => mentionedIn(full, prompt))),
    compile_ms: round(compiles[2]!),
  }),
);
