import { describe, expect, it } from "vitest";
import { type EntryValues, entryInput } from "./entry";
import {
  type ExportEntry,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type ImportParse,
  parseImport,
  toCsv,
  toJson,
} from "./io";

const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (text: string) => parseImport({ bytes: utf8(text), filename: "terms.csv" });
const json = (value: unknown) => parseImport({ bytes: utf8(JSON.stringify(value)), filename: "terms.json" });

function ok(result: ImportParse) {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.message}`);
  return result;
}
function fatal(result: ImportParse): string {
  if (result.ok) throw new Error("expected a fatal error");
  return result.message;
}
const values = (result: ImportParse) => ok(result).rows.map((r) => r.values);
const errors = (result: ImportParse) => ok(result).errors;

describe("CSV import", () => {
  it("reads every column, with defaults for the missing ones", () => {
    const result = ok(
      csv(
        [
          "Term,definition,Forbidden Variants,caseSensitive,IS_PUBLIC,tags,language,context",
          "API,Application programming interface,endpoint|end point,yes,0,tech|web,en-us,Technical",
          "Cache,Fast storage,,,,,,",
        ].join("\n"),
      ),
    );
    expect(result.format).toBe("csv");
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        row: 2,
        values: {
          term: "API",
          definition: "Application programming interface",
          context: "technical",
          variants: [],
          forbiddenVariants: ["endpoint", "end point"],
          caseSensitive: true,
          language: "en-US",
          usageExamples: [],
          tags: ["tech", "web"],
          relatedTerms: [],
          relatedIds: [],
          isPublic: false,
          pinned: false,
          notes: "",
        },
      },
      { row: 3, values: entryInput.parse({ term: "Cache", definition: "Fast storage" }) },
    ]);
  });

  it("accepts the headerless two-column term,definition form", () => {
    const result = ok(csv('API,Application programming interface\r\nSDK,"Kit, for software"\r\n'));
    expect(result.rows.map((r) => [r.row, r.values.term, r.values.definition])).toEqual([
      [1, "API", "Application programming interface"],
      [2, "SDK", "Kit, for software"],
    ]);
  });

  it("follows RFC 4180 quoting, and numbers rows as a spreadsheet does", () => {
    const text = [
      "term,definition,notes",
      '"New York","A city, ""the Big Apple""","line one',
      'line two"',
      "",
      'Boston,"Another ""city""",plain',
      "",
    ].join("\r\n");
    const result = ok(csv(text));
    expect(result.rows.map((r) => [r.row, r.values.term, r.values.definition, r.values.notes])).toEqual([
      [2, "New York", 'A city, "the Big Apple"', "line one\r\nline two"],
      [4, "Boston", 'Another "city"', "plain"],
    ]);
  });

  it("splits list cells on | with \\| and \\\\ escapes", () => {
    const [v] = values(
      csv(String.raw`term,definition,variants
x,y,a\|b|c\\|C:\dir| d |`),
    );
    expect(v?.variants).toEqual(["a|b", "c\\", "C:\\dir", "d"]);
  });

  it("reports a bad boolean, a bad context and a bad language naming the field", () => {
    const result = csv(
      [
        "term,definition,pinned,context,language",
        "a,b,maybe,,",
        "c,d,,work,",
        "e,f,,,not a tag!",
        "g,h,TRUE,,",
      ].join("\n"),
    );
    expect(errors(result)).toEqual([
      { row: 2, field: "pinned", message: '"maybe" is not true or false (yes/no and 1/0 work too)' },
      { row: 3, field: "context", message: "context must be one of technical, business, personal, casual" },
      { row: 4, field: "language", message: 'language "not a tag!" is not a BCP-47 tag (e.g. en, de-CH)' },
    ]);
    expect(values(result).map((v) => [v.term, v.pinned])).toEqual([["g", true]]);
  });

  it("reports missing required cells, a variant that is also forbidden, and extra cells", () => {
    const result = csv(
      ["term,definition,variants,forbidden_variants", ",b", "c,", "e,f,x,X", "g,h,,,extra"].join("\n"),
    );
    expect(errors(result)).toEqual([
      { row: 2, field: "term", message: "term is required" },
      { row: 3, field: "definition", message: "definition is required" },
      { row: 4, field: "forbiddenVariants.0", message: '"X" cannot be both allowed and forbidden' },
      { row: 5, field: "", message: "the row has 5 cells, but the first row names 4 columns" },
    ]);
  });

  it("rejects a later row repeating a term case-insensitively (the dictionary's uniqueness), whatever the case sensitivity", () => {
    const result = csv(
      [
        "term,definition,case_sensitive",
        "Go,language,true",
        "GO,shout,true",
        "go,verb,false",
        "gO,again,",
        ",no term,",
        "Rust,a,",
        "rust,b,true",
      ].join("\n"),
    );
    expect(errors(result)).toEqual([
      { row: 3, field: "term", message: '"GO" is a duplicate of row 2' },
      { row: 4, field: "term", message: '"go" is a duplicate of row 2' },
      { row: 5, field: "term", message: '"gO" is a duplicate of row 2' },
      { row: 6, field: "term", message: "term is required" },
      { row: 8, field: "term", message: '"rust" is a duplicate of row 7' },
    ]);
    expect(values(result).map((v) => v.term)).toEqual(["Go", "Rust"]);
  });

  it("rejects spreadsheet formulas and keeps look-alike text", () => {
    const cells = [
      "=cmd|' /C calc'!A0",
      "@SUM(A1:A2)",
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "-SUM(A1)",
      "\t=1+1",
      ' =HYPERLINK("x")',
    ];
    const result = csv(
      ["term,definition", ...cells.map((c, i) => `t${i},"${c.replaceAll('"', '""')}"`)].join("\n"),
    );
    const message = "looks like a spreadsheet formula; prefix it with ' to keep it as text";
    expect(errors(result)).toEqual(cells.map((_, i) => ({ row: i + 2, field: "definition", message })));

    const text = ["-5 degrees", "+49 30 1234", "- a bullet", "-ish|-esque", "a=b", "'=1+1", "''@x", "'plain"];
    const kept = values(
      csv(["term,variants,definition", ...text.map((t, i) => `t${i},"${t}","${t}"`)].join("\n")),
    );
    expect(kept.map((v) => v.definition)).toEqual([
      "-5 degrees",
      "+49 30 1234",
      "- a bullet",
      "-ish|-esque",
      "a=b",
      "=1+1",
      "'@x",
      "'plain",
    ]);
    expect(kept[3]?.variants).toEqual(["-ish", "-esque"]);
  });

  it("fails the file without a header row naming the columns", () => {
    expect(fatal(csv("API,interface,extra\nSDK,kit,more"))).toBe(
      "The first row must name the columns; expected term, definition, context, variants, forbidden_variants, case_sensitive, language, tags, usage_examples, related_terms, is_public, pinned, notes (only term and definition are required), or exactly two columns term,definition without a header row",
    );
    // Two columns, but not in every row: not the headerless form either.
    expect(fatal(csv("API,interface\nSDK,kit,more"))).toMatch(/^The first row must name the columns/);
  });

  it("fails on unknown, repeated, unnamed or missing columns, and on semicolons", () => {
    expect(fatal(csv("term,definition,colour,Size\na,b,c,d"))).toBe(
      'Unknown columns "colour", "Size"; the columns are term, definition, context, variants, forbidden_variants, case_sensitive, language, tags, usage_examples, related_terms, is_public, pinned, notes',
    );
    expect(fatal(csv("term,definition,Term\na,b,c"))).toBe('The column "term" appears twice');
    expect(fatal(csv("term,definition,\na,b,\nc,d,oops"))).toBe(
      "Column 3 has no name in the first row but has a value in row 3",
    );
    expect(ok(csv("term,definition,,\na,b,,\n")).rows).toHaveLength(1);
    expect(fatal(csv("term,notes\na,b"))).toBe(
      'The first row has no "definition" column (term and definition are required)',
    );
    expect(fatal(csv("term;definition\na;b"))).toBe(
      "The columns seem to be separated by semicolons; save the file as CSV with commas",
    );
    expect(fatal(csv("term\tdefinition\na\tb"))).toMatch(/separated by tabs/);
  });

  it("fails on an unclosed quote, an empty file and a header without entries", () => {
    expect(fatal(csv('term,definition\na,b\nc,"never closed\nd,e'))).toBe(
      'Row 3 opens a quoted cell that is never closed (a " is missing)',
    );
    expect(fatal(csv(""))).toBe("The file is empty");
    expect(fatal(csv(" \r\n\n "))).toBe("The file is empty");
    expect(fatal(csv("term,definition\r\n\r\n"))).toBe("The file has a header row but no entries");
  });

  it("allows 50,000 rows and fails beyond", () => {
    expect(IMPORT_MAX_ROWS).toBe(50_000);
    const rows = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `t${i},d`);
    expect(fatal(csv(["term,definition", ...rows].join("\n")))).toBe(
      "The file has 50,001 entries; the limit is 50,000 (split it into smaller files)",
    );
  });

  it("parses 10,000 rows", () => {
    const lines = ["term,definition,variants,tags,case_sensitive"];
    for (let i = 0; i < 10_000; i++)
      lines.push(`term ${i},"Definition ${i}, with a comma",v${i}|w${i},t${i % 7},${i % 2}`);
    const result = ok(csv(lines.join("\r\n")));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(10_000);
    expect(result.rows[9_999]).toMatchObject({
      row: 10_001,
      values: { term: "term 9999", caseSensitive: true },
    });
  });
});

describe("file-level checks", () => {
  it("strips a UTF-8 BOM silently", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("term,definition\nÄpfel,Obst")]);
    expect(values(parseImport({ bytes, filename: "x.csv" })).map((v) => v.term)).toEqual(["Äpfel"]);
    const jsonBytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('[{"term":"a","definition":"b"}]')]);
    expect(ok(parseImport({ bytes: jsonBytes })).format).toBe("json");
  });

  it("fails UTF-16, invalid UTF-8 and NUL bytes", () => {
    const utf16 = "The file is UTF-16; save it as UTF-8";
    expect(fatal(parseImport({ bytes: new Uint8Array([0xff, 0xfe, 0x74, 0x00]) }))).toBe(utf16);
    expect(fatal(parseImport({ bytes: new Uint8Array([0xfe, 0xff, 0x00, 0x74]) }))).toBe(utf16);
    // "Café" in Latin-1 on line 2, after a valid "€" and a literal U+FFFD.
    const latin1 = new Uint8Array([...utf8("term,definition\n€ \uFFFD,Caf"), 0xe9, ...utf8("\n")]);
    expect(fatal(parseImport({ bytes: latin1, filename: "x.csv" }))).toBe(
      "The file is not UTF-8 (byte 0xE9 on line 2 is not valid UTF-8; it may be Windows-1252 or Latin-1); save it as UTF-8",
    );
    expect(fatal(parseImport({ bytes: new Uint8Array([0x74, 0x00, 0x65, 0x00]) }))).toMatch(/NUL characters/);
  });

  it("fails a file over 10 MB, saying the limit", () => {
    expect(IMPORT_MAX_BYTES).toBe(10 * 1024 * 1024);
    const big = new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x61);
    expect(fatal(parseImport({ bytes: big }))).toBe("The file is 10.0 MB; the limit is 10 MB");
    const huge = new Uint8Array(50 * 1024 * 1024);
    expect(fatal(parseImport({ bytes: huge }))).toBe("The file is 50 MB; the limit is 10 MB");
  });

  it("takes the format from the argument, then the extension, then the content", () => {
    const jsonText = utf8('[{"term":"a","definition":"b"}]');
    expect(ok(parseImport({ bytes: jsonText })).format).toBe("json");
    expect(ok(parseImport({ bytes: utf8('  {"entries":[{"term":"a","definition":"b"}]}') })).format).toBe(
      "json",
    );
    expect(ok(parseImport({ bytes: utf8("term,definition\na,b"), filename: "x.txt" })).format).toBe("csv");
    const threeKeys = utf8('[{"term":"a","definition":"b","notes":"c"}]');
    expect(fatal(parseImport({ bytes: threeKeys, filename: "X.CSV" }))).toMatch(/^The first row must name/);
    expect(
      fatal(parseImport({ bytes: utf8("term,definition\na,b"), filename: "x.csv", format: "json" })),
    ).toMatch(/^The file is not valid JSON/);
  });
});

describe("JSON import", () => {
  it("reads an array or an object with entries, camelCase or snake_case, null as not given", () => {
    const item = {
      term: "API",
      definition: "interface",
      forbidden_variants: ["endpoint"],
      context: null,
      notes: null,
    };
    const [a] = values(json([item]));
    expect(a).toEqual(
      entryInput.parse({ term: "API", definition: "interface", forbiddenVariants: ["endpoint"] }),
    );
    expect(values(json({ entries: [item] }))).toEqual([a]);
  });

  it("reports rows by 1-based index with the field's path", () => {
    const result = json([
      { term: "a", definition: "b", caseSensitive: "yes" },
      "just a string",
      { term: "c", definition: "d", tags: ["ok", 5] },
      { term: null, definition: "e" },
      { term: "A", definition: "dup" },
    ]);
    expect(errors(result)).toEqual([
      { row: 1, field: "caseSensitive", message: "caseSensitive must be true or false" },
      { row: 2, field: "", message: "each entry must be an object with a term and a definition" },
      { row: 3, field: "tags.1", message: "tags must be text" },
      { row: 4, field: "term", message: "term is required" },
    ]);
    // Row 5 repeats row 1's term, but row 1 was rejected: row 5 stands.
    expect(values(result).map((v) => v.term)).toEqual(["A"]);
    const dup = json([
      { term: "a", definition: "b" },
      { term: "A", definition: "c" },
    ]);
    expect(errors(dup)).toEqual([{ row: 2, field: "term", message: '"A" is a duplicate of row 1' }]);
  });

  it("fails on syntax errors with their position, non-arrays, empty arrays and unknown fields", () => {
    const broken = parseImport({
      bytes: utf8('[\n  {"term": "a",\n   "definition": }\n]'),
      filename: "x.json",
    });
    expect(fatal(broken)).toMatch(/^The file is not valid JSON \(line 3, column 18\): /);
    const truncated = parseImport({ bytes: utf8('[{"term": "a"'), filename: "x.json" });
    expect(fatal(truncated)).toMatch(/^The file is not valid JSON \(line 1, column 14\): /);
    const unterminated = parseImport({ bytes: utf8('[\n{"term": "a\n'), filename: "x.json" });
    expect(fatal(unterminated)).toMatch(/^The file is not valid JSON \(line 2, column 12\): /);
    const shape = 'The JSON must be an array of entries, or an object with an "entries" array';
    expect(fatal(json({ term: "a", definition: "b" }))).toBe(shape);
    expect(fatal(json("text"))).toBe(shape);
    expect(fatal(json([]))).toBe("The file has no entries");
    expect(
      fatal(
        json([
          { term: "a", definition: "b", id: "x", createdAt: 1 },
          { term: "c", colour: 1 },
        ]),
      ),
    ).toBe(
      'Unknown fields "id" (item 1), "createdAt" (item 1), "colour" (item 2); the fields are term, definition, context, variants, forbiddenVariants, caseSensitive, language, tags, usageExamples, relatedTerms, isPublic, pinned, notes',
    );
  });
});

describe("export", () => {
  const entries: ExportEntry[] = [
    {
      term: "C++",
      definition: 'A language, "the" language,\nwith a newline',
      context: "technical",
      variants: ["cpp", "a|b", "back\\slash", "=SUM(1)"],
      forbiddenVariants: ["C plus plus"],
      caseSensitive: true,
      language: "en-US",
      usageExamples: ["Write it in C++.", "-ish"],
      tags: ["lang"],
      relatedTerms: ["C"],
      isPublic: true,
      pinned: false,
      notes: "=cmd|' /C calc'!A0",
    },
    {
      term: "Straße",
      definition: "+49 is Germany; @home; -5; 'quoted'",
      context: null,
      variants: [],
      forbiddenVariants: [],
      caseSensitive: false,
      language: null,
      usageExamples: [],
      tags: [],
      relatedTerms: [],
      isPublic: false,
      pinned: true,
      notes: "",
    },
    {
      term: "東京 🗼",
      definition: "@mention and '=already quoted",
      context: "casual",
      variants: ["'=x", "Tōkyō"],
      forbiddenVariants: ["Tokio"],
      caseSensitive: false,
      language: "ja",
      usageExamples: ["東京に行く"],
      tags: ["place", "city"],
      relatedTerms: [],
      isPublic: false,
      pinned: false,
      notes: "Ünïcödé",
    },
  ];
  const expected = entries.map((e) => ({ ...e, relatedIds: [] }) satisfies EntryValues);

  it("writes a header row, CRLF line ends, quotes and formula escapes", () => {
    const text = toCsv(entries);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "term,definition,context,variants,forbidden_variants,case_sensitive,language,tags,usage_examples,related_terms,is_public,pinned,notes",
    );
    expect(lines[1]).toBe(
      'C++,"A language, ""the"" language,\nwith a newline",technical,cpp|a\\|b|back\\\\slash|=SUM(1),C plus plus,true,en-US,lang,Write it in C++.|-ish,C,true,false,\'=cmd|\' /C calc\'!A0',
    );
    expect(text.endsWith("\r\n")).toBe(true);
    expect(toCsv([])).toBe(`${lines[0]}\r\n`);
    // A cell starting with a formula character gets one more apostrophe; others do not.
    expect(text).toContain(`Straße,'+49 is Germany; @home; -5; 'quoted',`);
    expect(text).toContain(`,'@mention and '=already quoted,`);
    expect(text).toContain(`,''=x|Tōkyō,`);
  });

  it("round-trips through CSV", () => {
    expect(values(csv(toCsv(entries)))).toEqual(expected);
    expect(errors(csv(toCsv(entries)))).toEqual([]);
  });

  it("round-trips through JSON, with entryInput's keys", () => {
    const text = toJson(entries);
    expect(text.startsWith('[\n  {\n    "term": "C++",')).toBe(true);
    expect(Object.keys(JSON.parse(text)[0]).sort()).toEqual(Object.keys(entries[0]!).sort());
    expect(values(parseImport({ bytes: utf8(text), filename: "x.json" }))).toEqual(expected);
  });

  it("exports only the entry fields", () => {
    const withExtras = { ...entries[1]!, id: "secret", relatedIds: ["x"] } as ExportEntry;
    expect(Object.keys(JSON.parse(toJson([withExtras]))[0])).not.toContain("id");
  });
});
