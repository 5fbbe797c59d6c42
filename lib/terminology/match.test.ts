import { describe, expect, it } from "vitest";
import { checkAnswer, compileMatcher, type MatchEntry, mentionedIn } from "./match";

let nextId = 0;
function entry(term: string, more: Partial<Omit<MatchEntry, "term">> = {}): MatchEntry {
  return {
    id: more.id ?? `e${++nextId}`,
    term,
    variants: [],
    forbiddenVariants: [],
    caseSensitive: false,
    ...more,
  };
}

/** The matched texts of a scan, as `kind:text@start`. */
function found(entries: MatchEntry[], text: string): string[] {
  return compileMatcher(entries)
    .scan(text)
    .map((o) => {
      expect(text.slice(o.start, o.end)).toBe(o.text);
      return `${o.kind}:${o.text}@${o.start}`;
    });
}

describe("scan: case", () => {
  it("ignores case unless the entry is case-sensitive", () => {
    expect(found([entry("API")], "an api, an Api, an API")).toEqual([
      "term:api@3",
      "term:Api@11",
      "term:API@19",
    ]);
    expect(found([entry("Go", { caseSensitive: true })], "go Go GO")).toEqual(["term:Go@3"]);
  });

  it("lowercases beyond ASCII: umlauts, Cyrillic, Greek final sigma", () => {
    expect(found([entry("Ärger")], "ÄRGER und ärger")).toEqual(["term:ÄRGER@0", "term:ärger@10"]);
    expect(found([entry("Москва")], "В МОСКВЕ? Нет, в МОСКВА.")).toEqual(["term:МОСКВА@17"]);
    expect(found([entry("οδός")], "ΟΔΌΣ")).toEqual(["term:ΟΔΌΣ@0"]);
  });

  it("keeps ß and ss apart (no full case folding) but matches ẞ to ß", () => {
    const e = [entry("Straße")];
    expect(found(e, "STRASSE")).toEqual([]);
    expect(found(e, "STRAẞE und straße")).toEqual(["term:STRAẞE@0", "term:straße@11"]);
    expect(found([entry("Straße", { variants: ["Strasse"] })], "Strasse")).toEqual(["variant:Strasse@0"]);
  });

  it("mixes case-sensitive and case-insensitive entries in one scan", () => {
    const entries = [entry("Apple", { caseSensitive: true }), entry("pear")];
    expect(found(entries, "apple Apple PEAR")).toEqual(["term:Apple@6", "term:PEAR@12"]);
  });
});

describe("scan: word boundaries", () => {
  it("needs a non-word character (or the text's edge) on both sides", () => {
    expect(found([entry("cat")], "category bobcat cats cat")).toEqual(["term:cat@21"]);
    expect(found([entry("API")], "API, (API) [API]. API")).toEqual([
      "term:API@0",
      "term:API@6",
      "term:API@12",
      "term:API@18",
    ]);
    expect(found([entry("v2")], "v2 v22 v2.1")).toEqual(["term:v2@0", "term:v2@7"]);
  });

  it("treats accented letters, combining marks and digits as part of a word", () => {
    expect(found([entry("cafe")], "café cafe\u0301 cafe1 cafe")).toEqual(["term:cafe@17"]);
    expect(found([entry("Rene")], "René")).toEqual([]);
    expect(found([entry("straße")], "Hauptstraße, straße")).toEqual(["term:straße@13"]);
    expect(found([entry("Кот")], "Котик кот, КОТ")).toEqual(["term:кот@6", "term:КОТ@11"]);
  });

  it("matches emoji-adjacent terms and terms in emoji", () => {
    expect(found([entry("deploy")], "🚀deploy🚀 and 👍🏽deploy")).toEqual([
      "term:deploy@2",
      "term:deploy@19",
    ]);
    expect(found([entry("🚀 launch")], "a 🚀 launch")).toEqual(["term:🚀 launch@2"]);
  });

  it("matches substrings in scripts written without spaces", () => {
    expect(found([entry("東京")], "東京都に住んでいます")).toEqual(["term:東京@0"]);
    expect(found([entry("カタカナ")], "ひらがなとカタカナです")).toEqual(["term:カタカナ@5"]);
    expect(found([entry("API")], "新しいAPIキーを作る")).toEqual(["term:API@3"]);
    expect(found([entry("ภาษา")], "ภาษาไทย")).toEqual(["term:ภาษา@0"]);
    // A Latin term inside a Latin word is still not a match, even in Japanese text.
    expect(found([entry("API")], "RAPIDを使う")).toEqual([]);
  });
});

describe("scan: spellings", () => {
  it("matches variants and forbidden variants, each with its kind", () => {
    const e = entry("email", { variants: ["emails", "E-Mail"], forbiddenVariants: ["e-mail", "eMail"] });
    // "E-Mail" is both a variant and a forbidden spelling case-insensitively: the variant wins.
    expect(found([e], "Send emails by email, not by EMAIL or e-mail or EMAIL.")).toEqual([
      "variant:emails@5",
      "term:email@15",
      "term:EMAIL@29",
      "variant:e-mail@38",
      "term:EMAIL@48",
    ]);
    const f = entry("e-mail", { forbiddenVariants: ["eMail"], caseSensitive: true });
    expect(found([f], "eMail, email, e-mail")).toEqual(["forbidden:eMail@0", "term:e-mail@14"]);
  });

  it("treats regex metacharacters literally", () => {
    // "+" is not a letter or digit, so "C++" is also found at the start of "C+++".
    expect(found([entry("C++")], "C++, C+++ and c++ but not C+ or Cxx")).toEqual([
      "term:C++@0",
      "term:C++@5",
      "term:c++@14",
    ]);
    expect(found([entry("a.b")], "a.b axb a.bc (a.b)")).toEqual(["term:a.b@0", "term:a.b@14"]);
    expect(found([entry("Node.js"), entry("(x)"), entry("$^*[]{}?|\\")], "Node.js (x) $^*[]{}?|\\")).toEqual([
      "term:Node.js@0",
      "term:(x)@8",
      "term:$^*[]{}?|\\@12",
    ]);
    expect(found([entry("C#")], "C# C#.")).toEqual(["term:C#@0", "term:C#@3"]);
  });

  it("matches whitespace inside a term to any run of whitespace, newlines included", () => {
    const e = [entry("New York")];
    expect(found(e, "New York, New\nYork, new \t\r\n  york, NewYork")).toEqual([
      "term:New York@0",
      "term:New\nYork@10",
      "term:new \t\r\n  york@20",
    ]);
    expect(found([entry("a  b")], "a\u00a0b")).toEqual(["term:a\u00a0b@0"]);
  });

  it("compares NFC forms and reports offsets in the original text", () => {
    const decomposed = "Cafe\u0301 au lait"; // é as e + combining acute
    expect(found([entry("Café")], decomposed)).toEqual([`term:Cafe\u0301@0`]);
    expect(found([entry("Cafe\u0301 au")], "le café au lait")).toEqual(["term:café au@3"]);
    const hangul = "\u1112\u1161\u11ab\u1100\u1173\u11af 한글"; // 한글 as jamo, then precomposed
    expect(found([entry("한글")], hangul)).toEqual([`term:${hangul.slice(0, 6)}@0`, "term:한글@7"]);
  });
});

describe("scan: overlaps", () => {
  it("takes the leftmost, then the longest match, across entries", () => {
    const entries = [entry("York"), entry("New York City"), entry("New York")];
    expect(found(entries, "New York City and New York and York")).toEqual([
      "term:New York City@0",
      "term:New York@18",
      "term:York@31",
    ]);
  });

  it("does not let a shorter match start inside a longer one", () => {
    const entries = [entry("machine learning"), entry("learning rate")];
    expect(found(entries, "machine learning rate")).toEqual(["term:machine learning@0"]);
  });

  it("falls back to a shorter spelling when the longer one fails its boundary", () => {
    expect(found([entry("New York"), entry("New York City")], "New York Citybank")).toEqual([
      "term:New York@0",
    ]);
  });

  it("gives one text listed by several entries to each of them", () => {
    const a = entry("JavaScript", { id: "js", variants: ["JS"] });
    const b = entry("JS", { id: "jsx", caseSensitive: true });
    const occurrences = compileMatcher([a, b]).scan("JS");
    expect(occurrences.map((o) => `${o.entryId}:${o.kind}`)).toEqual(["jsx:term", "js:variant"]);
  });

  it("with `only`, ignores the other entries entirely", () => {
    const york = entry("York", { id: "york" });
    const matcher = compileMatcher([york, entry("New York City")]);
    expect(matcher.scan("New York City", ["york"]).map((o) => o.text)).toEqual(["York"]);
  });
});

describe("checkAnswer", () => {
  const api = entry("API", { id: "api", variants: ["APIs"], forbiddenVariants: ["endpoint interface"] });
  const db = entry("database", { id: "db", forbiddenVariants: ["DB"] });
  const k8s = entry("Kubernetes", { id: "k8s", variants: ["K8s"] });
  const matcher = compileMatcher([api, db, k8s]);

  it("classifies each applied entry and scores used / items", () => {
    const answer = "Call the APIs; the DB (a database) stores it.";
    const check = checkAnswer(matcher, answer);
    expect(check).toEqual({
      version: 1,
      score: 0.3333,
      items: [
        {
          entryId: "api",
          term: "API",
          status: "used",
          spans: [{ start: 9, end: 13, text: "APIs" }],
          forbidden: [],
        },
        {
          entryId: "db",
          term: "database",
          status: "forbidden_used",
          spans: [{ start: 25, end: 33, text: "database" }],
          forbidden: [{ start: 19, end: 21, text: "DB", replacement: "database" }],
        },
        { entryId: "k8s", term: "Kubernetes", status: "missing", spans: [], forbidden: [] },
      ],
    });
  });

  it("checks only the applied entries, once each, skipping unknown ids", () => {
    const check = checkAnswer(matcher, "Kubernetes and K8s", ["k8s", "nope", "api", "k8s"]);
    expect(check.items.map((i) => [i.entryId, i.status, i.spans.length])).toEqual([
      ["k8s", "used", 2],
      ["api", "missing", 0],
    ]);
    expect(check.score).toBe(0.5);
  });

  it("rounds the score to 4 decimals", () => {
    const many = Array.from({ length: 7 }, (_, i) => entry(`term${i}`, { id: `t${i}` }));
    const m = compileMatcher(many);
    expect(checkAnswer(m, "term0 term1").score).toBe(0.2857); // 2/7 = 0.285714…
    expect(checkAnswer(m, "term0 term1 term2 term3 term4 term5").score).toBe(0.8571); // 6/7
    expect(checkAnswer(m, many.map((e) => e.term).join(" ")).score).toBe(1);
    expect(checkAnswer(m, "nothing here").score).toBe(0);
  });

  it("has a null score without items", () => {
    expect(checkAnswer(compileMatcher([]), "anything")).toEqual({ version: 1, score: null, items: [] });
    expect(checkAnswer(matcher, "API", [])).toEqual({ version: 1, score: null, items: [] });
  });
});

describe("mentionedIn", () => {
  it("lists entries by first occurrence, forbidden variants included", () => {
    const matcher = compileMatcher([
      entry("API", { id: "api" }),
      entry("database", { id: "db", forbiddenVariants: ["DB"] }),
      entry("cache", { id: "cache" }),
    ]);
    expect(mentionedIn(matcher, "Put a DB behind the API, then the API behind a database")).toEqual([
      "db",
      "api",
    ]);
    expect(mentionedIn(matcher, "")).toEqual([]);
  });

  it("finds nothing with an empty dictionary", () => {
    const empty = compileMatcher([]);
    expect(mentionedIn(empty, "some text")).toEqual([]);
    expect(empty.scan("some text")).toEqual([]);
  });

  it("ignores blank spellings", () => {
    const m = compileMatcher([entry("  ", { id: "blank", variants: [""] }), entry("x", { id: "x" })]);
    expect(mentionedIn(m, "x   ")).toEqual(["x"]);
  });
});
