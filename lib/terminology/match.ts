/**
 * Deterministic term matching for the terminology check (issue #15): which dictionary entries a
 * text mentions, and whether a model's answer uses, avoids or misses the applied entries. Pure, no
 * I/O; `compileMatcher` builds the index once so a user's dictionary can be cached.
 *
 * Matching rules
 * - Comparison is on the NFC form of the text and of every term; offsets (UTF-16 code units, as
 *   `String.prototype.slice` takes them) always refer to the original text. A text that is not NFC
 *   is normalised in segments (a code point that is neither a combining mark nor a Hangul
 *   vowel/final jamo starts a segment), so a match covers whole segments of the original.
 * - Case-insensitive entries compare lowercased code points (`toLowerCase`, Unicode-aware; final
 *   sigma ς folds to σ). No full case folding: "ß" and "ss" are different spellings (as in
 *   entry.ts's own duplicate checks), so "Strasse" is a variant to list, not an automatic match.
 * - Whitespace inside a term matches any run of whitespace (spaces, tabs, newlines, NBSP).
 * - Everything else is literal: "C++", "Node.js", "a.b" match exactly those characters.
 * - Word boundaries in any script: a match must not be preceded or followed by a letter, digit
 *   or combining mark (\p{L}\p{N}\p{M}) — "cat" is not in "category", "API" is in "(API)" and
 *   "API,". Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao,
 *   Khmer, Myanmar) are exempt: when the neighbouring character or the term's own edge character
 *   is in one of them, no boundary is needed ("東京" in "東京都", "API" in "APIキー").
 * - Overlaps are resolved leftmost-longest across all entries: scanning left to right, at the
 *   first position where anything matches the longest match wins, and scanning resumes after it,
 *   so each character belongs to at most one matched text ("New York City" and "York": the text
 *   "New York City" counts for the first only). When several entries list that very text (the
 *   same spelling as one entry's variant and another's term, say), each of them gets the
 *   occurrence; at one position, a case-sensitive entry's match comes before a case-insensitive
 *   one's, then term before variant before forbidden variant, then the earlier entry. Within one
 *   entry a spelling counts once, as the first of term, variants, forbidden variants it appears in.
 *
 * Index: one trie per case mode over the NFC (and, for case-insensitive entries, lowercased)
 * spellings, edges in one Map keyed by (node, UTF-16 unit). A scan walks both tries from every
 * position of the text, so its cost grows with the text length, not the dictionary size.
 */

export type MatchEntry = {
  id: string;
  term: string;
  variants: string[];
  forbiddenVariants: string[];
  caseSensitive: boolean;
};

export type MatchKind = "term" | "variant" | "forbidden";

export type Occurrence = { entryId: string; kind: MatchKind; start: number; end: number; text: string };

export type Span = { start: number; end: number; text: string };

export type TermCheckItem = {
  entryId: string;
  term: string;
  status: "used" | "forbidden_used" | "missing";
  /** Uses of the term or an allowed variant. */
  spans: Span[];
  /** Uses of forbidden variants, each with the term to write instead. */
  forbidden: (Span & { replacement: string })[];
};

export type TermCheck = { version: 1; score: number | null; items: TermCheckItem[] };

// Character classes of the prepared text.
const NONE = 0; // punctuation, symbols, emoji, collapsed whitespace
const SPACED = 1; // letter, digit or mark of a script that separates words with spaces
const UNSPACED = 2; // letter, digit or mark of Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar
const SPACE = 3; // whitespace (collapsed to one unit, class NONE, when prepared)

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const UNSPACED_CHAR =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
const WHITESPACE = /\s/u;
const NON_STARTER = /\p{M}/u;

const classCache = new Map<number, number>();
function classify(cp: number): number {
  if (cp < 128) {
    if (cp === 32 || (cp >= 9 && cp <= 13)) return SPACE;
    const lower = cp | 32;
    return (lower >= 97 && lower <= 122) || (cp >= 48 && cp <= 57) ? SPACED : NONE;
  }
  let c = classCache.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    c = WHITESPACE.test(ch) ? SPACE : !WORD_CHAR.test(ch) ? NONE : UNSPACED_CHAR.test(ch) ? UNSPACED : SPACED;
    classCache.set(cp, c);
  }
  return c;
}

const foldCache = new Map<number, string>();
function fold(cp: number): string {
  if (cp < 128) return String.fromCharCode(cp >= 65 && cp <= 90 ? cp + 32 : cp);
  let f = foldCache.get(cp);
  if (f === undefined) {
    f = String.fromCodePoint(cp).toLowerCase();
    if (f === "ς") f = "σ";
    foldCache.set(cp, f);
  }
  return f;
}

/** Whether a code point begins an NFC segment (see the header). */
function isStarter(cp: number): boolean {
  return !(cp >= 0x1160 && cp <= 0x11ff) && !NON_STARTER.test(String.fromCodePoint(cp));
}

/** A text as the tries see it: UTF-16 units, each with its class and its range in the original. */
type Prepared = { codes: number[]; cls: number[]; from: number[]; to: number[] };

function prepare(text: string, lowercase: boolean): Prepared {
  const p: Prepared = { codes: [], cls: [], from: [], to: [] };
  const nfc = text.normalize("NFC") === text;
  let i = 0;
  while (i < text.length) {
    let j = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    let segment = text.slice(i, j);
    if (!nfc) {
      while (j < text.length && !isStarter(text.codePointAt(j)!)) j += text.codePointAt(j)! > 0xffff ? 2 : 1;
      segment = text.slice(i, j).normalize("NFC");
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0)!;
      const c = classify(cp);
      const last = p.codes.length - 1;
      if (c === SPACE) {
        if (last >= 0 && p.codes[last] === 32 && p.cls[last] === NONE) p.to[last] = j;
        else push(p, 32, NONE, i, j);
        continue;
      }
      const out = lowercase ? fold(cp) : ch;
      for (let k = 0; k < out.length; k++) push(p, out.charCodeAt(k), c, i, j);
    }
    i = j;
  }
  return p;
}

function push(p: Prepared, code: number, cls: number, from: number, to: number) {
  p.codes.push(code);
  p.cls.push(cls);
  p.from.push(from);
  p.to.push(to);
}

const KIND_ORDER: Record<MatchKind, number> = { term: 0, variant: 1, forbidden: 2 };

type Owner = { entry: number; kind: MatchKind };
/** A spelling's end node: who listed it, and whether its first/last character needs no boundary. */
type Terminal = { owners: Owner[]; freeStart: boolean; freeEnd: boolean };
type Candidate = { start: number; end: number; sensitive: boolean; owners: Owner[] };

class Trie {
  private readonly edges = new Map<number, number>();
  private nodes = 1; // node 0 is the root
  readonly terminals = new Map<number, Terminal>();

  add(spelling: string, lowercase: boolean, owner: Owner) {
    const p = prepare(spelling.trim(), lowercase);
    if (p.codes.length === 0) return;
    let node = 0;
    for (const code of p.codes) {
      const key = node * 65536 + code;
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.nodes++;
        this.edges.set(key, next);
      }
      node = next;
    }
    let terminal = this.terminals.get(node);
    if (!terminal) {
      terminal = { owners: [], freeStart: p.cls[0] === UNSPACED, freeEnd: p.cls.at(-1) === UNSPACED };
      this.terminals.set(node, terminal);
    }
    if (!terminal.owners.some((o) => o.entry === owner.entry)) terminal.owners.push(owner);
  }

  /** Owners in priority order: term before variant before forbidden, then entry order. */
  finish() {
    for (const t of this.terminals.values()) {
      if (t.owners.length > 1)
        t.owners.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.entry - b.entry);
    }
  }

  /** The longest match starting at each position of the text that satisfies the boundaries. */
  candidates(p: Prepared, sensitive: boolean, accept: Uint8Array | null, out: Candidate[]) {
    const { codes, cls } = p;
    const n = codes.length;
    for (let i = 0; i < n; i++) {
      // After a letter of a spaced script only a spelling starting in an unspaced script may begin.
      const startBlocked = i > 0 && cls[i - 1] === SPACED;
      if (startBlocked && cls[i] !== UNSPACED) continue;
      let node = 0;
      let best: Candidate | null = null;
      for (let j = i; j < n; j++) {
        const next = this.edges.get(node * 65536 + codes[j]!);
        if (next === undefined) break;
        node = next;
        const t = this.terminals.get(node);
        if (!t || (startBlocked && !t.freeStart)) continue;
        if (j + 1 < n && cls[j + 1] === SPACED && !t.freeEnd) continue;
        const owners = accept ? t.owners.filter((o) => accept[o.entry]) : t.owners;
        if (owners.length > 0) best = { start: p.from[i]!, end: p.to[j]!, sensitive, owners };
      }
      if (best) out.push(best);
    }
  }
}

export class Matcher {
  readonly entries: readonly MatchEntry[];
  private readonly byId = new Map<string, number>();
  private readonly sensitive = new Trie();
  private readonly insensitive = new Trie();

  constructor(entries: readonly MatchEntry[]) {
    this.entries = entries;
    entries.forEach((e, entry) => {
      if (!this.byId.has(e.id)) this.byId.set(e.id, entry);
      const trie = e.caseSensitive ? this.sensitive : this.insensitive;
      const lowercase = !e.caseSensitive;
      trie.add(e.term, lowercase, { entry, kind: "term" });
      for (const v of e.variants) trie.add(v, lowercase, { entry, kind: "variant" });
      for (const f of e.forbiddenVariants) trie.add(f, lowercase, { entry, kind: "forbidden" });
    });
    this.sensitive.finish();
    this.insensitive.finish();
  }

  entry(id: string): MatchEntry | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.entries[index];
  }

  /**
   * Every occurrence in the text, in order of position (rules in the file header). With `only`,
   * just those entries take part (the others neither match nor hide a match by overlapping).
   */
  scan(text: string, only?: Iterable<string>): Occurrence[] {
    let accept: Uint8Array | null = null;
    if (only) {
      accept = new Uint8Array(this.entries.length);
      for (const id of only) {
        const index = this.byId.get(id);
        if (index !== undefined) accept[index] = 1;
      }
    }
    const candidates: Candidate[] = [];
    if (this.sensitive.terminals.size > 0)
      this.sensitive.candidates(prepare(text, false), true, accept, candidates);
    if (this.insensitive.terminals.size > 0) {
      this.insensitive.candidates(prepare(text, true), false, accept, candidates);
    }
    candidates.sort(
      (a, b) => a.start - b.start || b.end - a.end || Number(b.sensitive) - Number(a.sensitive),
    );

    const occurrences: Occurrence[] = [];
    let taken = 0; // end of the last chosen match
    let chosen: Candidate | null = null;
    for (const c of candidates) {
      const sameText = chosen !== null && c.start === chosen.start && c.end === chosen.end;
      if (c.start < taken && !sameText) continue;
      chosen = c;
      taken = c.end;
      const matched = text.slice(c.start, c.end);
      for (const o of c.owners) {
        occurrences.push({
          entryId: this.entries[o.entry]!.id,
          kind: o.kind,
          start: c.start,
          end: c.end,
          text: matched,
        });
      }
    }
    return occurrences;
  }
}

/** Precompiles a dictionary; the result can be cached and used for any number of texts. */
export function compileMatcher(entries: readonly MatchEntry[]): Matcher {
  return new Matcher(entries);
}

/**
 * The term check of an answer: one item per applied entry (default: every entry of the matcher;
 * ids the matcher does not know are skipped, repeated ids count once). `forbidden_used` when a
 * forbidden variant appears (its `spans` still list allowed uses), `used` when the term or a
 * variant does, else `missing`. Score = used / items, 4 decimals; null without items.
 */
export function checkAnswer(matcher: Matcher, answer: string, appliedIds?: readonly string[]): TermCheck {
  const ids = appliedIds
    ? [...new Set(appliedIds)].filter((id) => matcher.entry(id))
    : matcher.entries.map((e) => e.id);
  const items = new Map<string, TermCheckItem>();
  for (const id of ids) {
    const term = matcher.entry(id)!.term;
    items.set(id, { entryId: id, term, status: "missing", spans: [], forbidden: [] });
  }
  for (const o of matcher.scan(answer, appliedIds ? ids : undefined)) {
    const item = items.get(o.entryId);
    if (!item) continue;
    const span = { start: o.start, end: o.end, text: o.text };
    if (o.kind === "forbidden") item.forbidden.push({ ...span, replacement: item.term });
    else item.spans.push(span);
  }
  let used = 0;
  for (const item of items.values()) {
    item.status = item.forbidden.length > 0 ? "forbidden_used" : item.spans.length > 0 ? "used" : "missing";
    if (item.status === "used") used++;
  }
  const score = items.size === 0 ? null : Math.round((used / items.size) * 10_000) / 10_000;
  return { version: 1, score, items: [...items.values()] };
}

/** Ids of the entries whose term, a variant or a forbidden variant occurs, by first occurrence. */
export function mentionedIn(matcher: Matcher, text: string): string[] {
  const ids = new Set<string>();
  for (const o of matcher.scan(text)) ids.add(o.entryId);
  return [...ids];
}
