import type { TemplateSnapshot } from "@/db/schema";

export type DiffLine = { op: "same" | "add" | "del"; text: string };
export type FieldDiff = { field: string; lines: DiffLine[] };

/** Line diff by longest common subsequence (templates are small: thousands of lines at most). */
export function diffLines(a: string, b: string): DiffLine[] {
  const x = a === "" ? [] : a.split("\n");
  const y = b === "" ? [] : b.split("\n");
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = LCS length of x[i..] and y[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        x[i] === y[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: "same", text: x[i] as string });
      i++;
      j++;
    } else if (((lcs[i + 1] as Uint32Array)[j] as number) >= ((lcs[i] as Uint32Array)[j + 1] as number)) {
      out.push({ op: "del", text: x[i] as string });
      i++;
    } else {
      out.push({ op: "add", text: y[j] as string });
      j++;
    }
  }
  while (i < n) out.push({ op: "del", text: x[i++] as string });
  while (j < m) out.push({ op: "add", text: y[j++] as string });
  return out;
}

const FIELD_LABELS: [keyof TemplateSnapshot, string][] = [
  ["name", "Name"],
  ["description", "Description"],
  ["category", "Category"],
  ["tags", "Tags"],
  ["systemPrompt", "System prompt"],
  ["personalityConfig", "Personality"],
  ["modelConfig", "Model settings"],
  ["functions", "Tools"],
  ["knowledgeSources", "Knowledge"],
  ["allowedIntegrations", "Allowed integrations"],
  ["costLimitPerRequest", "Cost limit per request"],
  ["examples", "Examples"],
  ["avatarUrl", "Avatar"],
];

function render(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v, null, 2);
}

/** The fields that differ between two versions, each with its line diff. */
export function diffSnapshots(from: TemplateSnapshot, to: TemplateSnapshot): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const [key, label] of FIELD_LABELS) {
    const a = render(from[key]);
    const b = render(to[key]);
    if (a !== b) out.push({ field: label, lines: diffLines(a, b) });
  }
  return out;
}
