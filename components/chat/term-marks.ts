import type { TermCheck } from "@/lib/terminology/match";

/**
 * Marks the terms of a term check in rendered markdown. The check's offsets refer to the raw
 * answer, which markdown rendering rewrites (`**colour**` becomes the text "colour"), so the marks
 * are found again by their text, at the level of the rendered text nodes: a rehype pass after
 * sanitizing that only splits text nodes and wraps pieces in `<mark>` elements it builds itself
 * (no HTML is parsed, so nothing from the answer can become markup). Code is left as written.
 */

export type TermMark = { text: string; kind: "forbidden" | "used"; title: string };

/** The distinct texts to mark: forbidden words (with the term to write instead), then used terms. */
export function termMarks(check: TermCheck | null | undefined): TermMark[] {
  if (!check) return [];
  const marks = new Map<string, TermMark>();
  for (const item of check.items)
    for (const f of item.forbidden)
      if (f.text.trim() && !marks.has(f.text))
        marks.set(f.text, { text: f.text, kind: "forbidden", title: `Use “${f.replacement}” instead` });
  for (const item of check.items)
    for (const s of item.spans)
      if (s.text.trim() && !marks.has(s.text))
        marks.set(s.text, { text: s.text, kind: "used", title: `“${item.term}”, from your dictionary` });
  return [...marks.values()];
}

export const MARK_CLASS: Record<TermMark["kind"], string[]> = {
  forbidden: [
    "term-forbidden",
    "bg-danger/10",
    "text-inherit",
    "underline",
    "decoration-danger",
    "decoration-wavy",
    "decoration-2",
    "underline-offset-4",
    "rounded-sm",
  ],
  used: [
    "term-used",
    "bg-transparent",
    "text-inherit",
    "underline",
    "decoration-success/50",
    "decoration-dotted",
    "underline-offset-4",
  ],
};

// Word boundaries as the server's matcher has them (lib/terminology/match.ts): no letter, digit or
// mark on either side, except next to scripts written without spaces.
const WORD = String.raw`[\p{L}\p{N}\p{M}]`;
const UNSPACED = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]`;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const UNSPACED_CHAR = new RegExp(UNSPACED, "u");

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

function pattern(text: string): string {
  const body = text.trim().split(/\s+/u).map(escapeRegex).join(String.raw`\s+`);
  const first = [...text.trim()][0] ?? "";
  const last = [...text.trim()].at(-1) ?? "";
  const needs = (c: string) => WORD_CHAR.test(c) && !UNSPACED_CHAR.test(c);
  const before = needs(first) ? `(?:(?<!${WORD})|(?<=${UNSPACED}))` : "";
  const after = needs(last) ? `(?:(?!${WORD})|(?=${UNSPACED}))` : "";
  return `${before}${body}${after}`;
}

/** One regex for all marks, longest text first (so "color palette" wins over "color"). */
export function markMatcher(marks: readonly TermMark[]): RegExp | null {
  if (marks.length === 0) return null;
  const sorted = [...marks].sort((a, b) => b.text.length - a.text.length);
  return new RegExp(sorted.map((m) => `(${pattern(m.text)})`).join("|"), "gu");
}

/** Splits a text into plain pieces and marked ones. */
export function splitMarks(
  value: string,
  re: RegExp,
  marks: readonly TermMark[],
): (string | { mark: TermMark; text: string })[] {
  const sorted = [...marks].sort((a, b) => b.text.length - a.text.length);
  const out: (string | { mark: TermMark; text: string })[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m[0] === "") {
      re.lastIndex += 1;
      continue;
    }
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const mark = sorted[group - 1];
    if (!mark) continue;
    if (m.index > last) out.push(value.slice(last, m.index));
    out.push({ mark, text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push(value.slice(last));
  return out;
}

// The few hast shapes this pass touches (structural, so no dependency on hast's types).
type HText = { type: "text"; value: string };
type HElement = {
  type: "element";
  tagName: string;
  properties: Record<string, unknown>;
  children: HNode[];
};
type HNode = HText | HElement | { type: string; children?: HNode[] };
type HParent = { children: HNode[] };

const SKIP = new Set(["pre", "code", "kbd", "samp", "mark", "script", "style", "svg", "math"]);

export type TermMarkOptions = { marks: TermMark[] };

/** The rehype plugin (pass it as `[rehypeTermMarks, { marks }]`: Streamdown caches processors by options). */
export function rehypeTermMarks(options: TermMarkOptions) {
  const marks = options.marks;
  const re = markMatcher(marks);
  return (tree: HParent) => {
    if (!re) return;
    const walk = (parent: HParent) => {
      const next: HNode[] = [];
      for (const child of parent.children) {
        if (child.type === "text") {
          for (const piece of splitMarks((child as HText).value, re, marks)) {
            if (typeof piece === "string") next.push({ type: "text", value: piece });
            else
              next.push({
                type: "element",
                tagName: "mark",
                properties: {
                  className: MARK_CLASS[piece.mark.kind],
                  title: piece.mark.title,
                  dataTerm: piece.mark.kind,
                },
                children: [{ type: "text", value: piece.text }],
              });
          }
          continue;
        }
        if (child.type === "element" && SKIP.has((child as HElement).tagName)) {
          next.push(child);
          continue;
        }
        if ("children" in child && Array.isArray(child.children)) walk(child as HParent);
        next.push(child);
      }
      parent.children = next;
    };
    walk(tree);
  };
}
