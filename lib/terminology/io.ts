/**
 * Import parsing and export of terminology dictionaries as CSV and JSON (issue #15). Pure: bytes
 * in, validated `EntryValues` and per-row errors out; strings out for export. Storing (upsert by
 * term, related terms resolved to ids) is the caller's job.
 *
 * CSV: RFC 4180 (comma-separated, `"` quoting with doubled quotes, newlines inside quotes, CRLF or
 * LF). Leniencies: a quote inside an unquoted cell is literal, text after a closing quote is kept,
 * blanks before an opening quote are dropped.
 * The first row names the columns (see COLUMNS; case-insensitive, snake_case, camelCase or with
 * spaces); only term and definition are required. A file without a header is accepted in the
 * common two-column form `term,definition` (every row exactly two cells, the first row's cells no
 * column names). List cells are `|`-separated, with `\|` for a literal `|` and `\\` for `\`
 * (any other backslash is literal); booleans are true/false, yes/no or 1/0 (empty = default).
 * Row numbers are a spreadsheet's: the header is row 1, blank rows keep their number.
 *
 * Spreadsheet formula injection: on export a cell starting with = + - @ tab or CR (after any
 * leading apostrophes) gets one more leading `'`, which spreadsheets hide; on import one leading
 * `'` before such a character is removed, so export → import round-trips. An imported cell that
 * (trimmed) starts with = or @, or with + or - followed by a function call ("-SUM(", "+cmd(") or a
 * DDE link ("+cmd|' /C calc'!A0": a letter or digit, `|`, later `!`), is a row error. "-5",
 * "+49 30 1234", "- a bullet" and "-ish|-esque" are plain text. Tab or CR at the start are
 * trimmed before the check. JSON is taken as typed: no formula checks, no apostrophes.
 *
 * JSON: an array of entry objects, or `{ "entries": [...] }`; keys as in `entryInput` (camelCase;
 * snake_case also accepted); null means "not given" (the default).
 */
import { type EntryValues, entryInput } from "./entry";

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;

export type ImportFormat = "csv" | "json";
/** `field` is the entry field (a zod path joined with "."), "" for the row as a whole. */
export type ImportRowError = { row: number; field: string; message: string };
export type ImportRow = { row: number; values: EntryValues };
export type ImportParse =
  | { ok: true; format: ImportFormat; rows: ImportRow[]; errors: ImportRowError[] }
  | { ok: false; message: string };

/** An entry as exported: related entries as their terms, not ids. */
export type ExportEntry = Omit<EntryValues, "relatedIds">;

type Column = { header: string; key: keyof ExportEntry; type: "text" | "list" | "boolean" };

/** Columns of the CSV, in export order (JSON uses the same keys in the same order). */
const COLUMNS: readonly Column[] = [
  { header: "term", key: "term", type: "text" },
  { header: "definition", key: "definition", type: "text" },
  { header: "context", key: "context", type: "text" },
  { header: "variants", key: "variants", type: "list" },
  { header: "forbidden_variants", key: "forbiddenVariants", type: "list" },
  { header: "case_sensitive", key: "caseSensitive", type: "boolean" },
  { header: "language", key: "language", type: "text" },
  { header: "tags", key: "tags", type: "list" },
  { header: "usage_examples", key: "usageExamples", type: "list" },
  { header: "related_terms", key: "relatedTerms", type: "list" },
  { header: "is_public", key: "isPublic", type: "boolean" },
  { header: "pinned", key: "pinned", type: "boolean" },
  { header: "notes", key: "notes", type: "text" },
];
const COLUMN_LIST = COLUMNS.map((c) => c.header).join(", ");
const FIELD_LIST = COLUMNS.map((c) => c.key).join(", ");

/** "Forbidden Variants", "forbidden_variants", "forbiddenVariants" → "forbiddenvariants". */
const nameKey = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
const COLUMN_BY_NAME = new Map(COLUMNS.map((c) => [nameKey(c.header), c]));

export function parseImport(input: {
  bytes: Uint8Array;
  filename?: string;
  format?: ImportFormat;
}): ImportParse {
  const { bytes } = input;
  if (bytes.length > IMPORT_MAX_BYTES) {
    return fatal(`The file is ${megabytes(bytes.length)}; the limit is ${megabytes(IMPORT_MAX_BYTES)}`);
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== "string") return decoded;
  if (decoded.trim() === "") return fatal("The file is empty");
  const name = input.filename?.toLowerCase() ?? "";
  const format =
    input.format ??
    (name.endsWith(".csv")
      ? "csv"
      : name.endsWith(".json")
        ? "json"
        : /^\s*[[{]/.test(decoded)
          ? "json"
          : "csv");
  const raw = format === "json" ? readJson(decoded) : readCsv(decoded);
  if (!("rows" in raw)) return raw;
  return { ok: true, format, ...validateRows(raw.rows, raw.errors) };
}

const fatal = (message: string) => ({ ok: false, message }) as const;
const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/** UTF-8 text without its BOM, or the fatal error explaining why the bytes are not. */
function decodeUtf8(bytes: Uint8Array): string | { ok: false; message: string } {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return fatal("The file is UTF-16; save it as UTF-8");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a UTF-8 BOM
  } catch {
    const { offset, line } = firstInvalidUtf8(bytes);
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, "0");
    return fatal(
      `The file is not UTF-8 (byte 0x${byte} on line ${line} is not valid UTF-8; it may be Windows-1252 or Latin-1); save it as UTF-8`,
    );
  }
  if (text.includes("\0")) {
    return fatal(
      "The file contains NUL characters: it is UTF-16 without a byte-order mark or not text; save it as UTF-8",
    );
  }
  return text;
}

/** Where the first invalid sequence is: the first U+FFFD of a lenient decoding not encoded as EF BF BD. */
function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number } {
  const lenient = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let offset = 0;
  let previous = 0;
  for (let i = lenient.indexOf("\ufffd"); i >= 0; i = lenient.indexOf("\ufffd", i + 1)) {
    offset += encoder.encode(lenient.slice(previous, i)).length;
    previous = i;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      return { offset, line: lenient.slice(0, i).split("\n").length };
    }
  }
  return { offset: 0, line: 1 }; // not reached when the strict decoder failed
}

const tooMany = (count: number) =>
  fatal(
    `The file has ${count.toLocaleString("en")} entries; the limit is ${IMPORT_MAX_ROWS.toLocaleString("en")} (split it into smaller files)`,
  );

type RawRow = { row: number; raw: Record<string, unknown> };
type RawRead = { rows: RawRow[]; errors: ImportRowError[] } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------- CSV

/** RFC 4180 records; each record's index + 1 is its spreadsheet row. Cells are slices (no per-character concatenation). */
function csvRecords(text: string): string[][] | { ok: false; message: string } {
  const records: string[][] = [];
  let record: string[] = [];
  const n = text.length;
  const cellEnd = (from: number) => {
    let e = from;
    while (e < n && text[e] !== "," && text[e] !== "\n" && text[e] !== "\r") e++;
    return e;
  };
  let i = 0;
  for (;;) {
    let j = i;
    while (text[j] === " " || text[j] === "\t") j++; // blanks before an opening quote are dropped
    if (text[j] === '"') {
      let value = "";
      let k = j + 1;
      for (;;) {
        const quote = text.indexOf('"', k);
        if (quote < 0)
          return fatal(`Row ${records.length + 1} opens a quoted cell that is never closed (a " is missing)`);
        value += text.slice(k, quote);
        k = quote + 1;
        if (text[k] !== '"') break;
        value += '"';
        k++;
      }
      i = cellEnd(k); // text after the closing quote is kept as it is
      record.push(value + text.slice(k, i));
    } else {
      const e = cellEnd(i);
      record.push(text.slice(i, e));
      i = e;
    }
    if (text[i] === ",") {
      i++;
      continue;
    }
    records.push(record);
    record = [];
    i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
    if (i >= n) return records;
  }
}

const isBlank = (record: readonly string[]) => record.every((cell) => cell.trim() === "");

function readCsv(text: string): RawRead {
  const records = csvRecords(text);
  if (!Array.isArray(records)) return records;
  const first = records.findIndex((r) => !isBlank(r));
  if (first < 0) return fatal("The file is empty");
  const columns = csvColumns(records, first);
  if (!Array.isArray(columns)) return columns;
  const start = columns === HEADERLESS ? first : first + 1;
  const count = records.slice(start).filter((r) => !isBlank(r)).length;
  if (count === 0) return fatal("The file has a header row but no entries");
  if (count > IMPORT_MAX_ROWS) return tooMany(count);

  const rows: RawRow[] = [];
  const errors: ImportRowError[] = [];
  for (let r = start; r < records.length; r++) {
    const record = records[r]!;
    if (isBlank(record)) continue;
    const row = r + 1;
    const extra = record.slice(columns.length).filter((cell) => cell.trim() !== "").length;
    if (extra > 0) {
      errors.push({
        row,
        field: "",
        message: `the row has ${record.length} cells, but the first row names ${columns.length} columns`,
      });
    }
    const raw: Record<string, unknown> = {};
    columns.forEach((column, ci) => {
      if (!column) return;
      const cell = readCell(record[ci] ?? "", column);
      if ("error" in cell) errors.push({ row, field: column.key, message: cell.error });
      else if (cell.value !== undefined) raw[column.key] = cell.value;
    });
    rows.push({ row, raw });
  }
  return { rows, errors };
}

const HEADERLESS: (Column | null)[] = [COLUMN_BY_NAME.get("term")!, COLUMN_BY_NAME.get("definition")!];

/** The column of each cell position (null: unnamed and empty), from the header row at `first`. */
function csvColumns(records: string[][], first: number): (Column | null)[] | { ok: false; message: string } {
  const header = records[first]!;
  if (header.length === 1 && /[;\t]/.test(header[0]!)) {
    const separator = header[0]!.includes("\t") ? "tabs" : "semicolons";
    return fatal(`The columns seem to be separated by ${separator}; save the file as CSV with commas`);
  }
  const names = header.map((cell) => cell.trim());
  if (!names.some((name) => COLUMN_BY_NAME.has(nameKey(name)))) {
    if (records.every((r) => isBlank(r) || r.length === 2)) return HEADERLESS;
    return fatal(
      `The first row must name the columns; expected ${COLUMN_LIST} (only term and definition are required), or exactly two columns term,definition without a header row`,
    );
  }
  const unknown = names.filter((name) => name !== "" && !COLUMN_BY_NAME.has(nameKey(name)));
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"`).join(", ");
    return fatal(`Unknown column${unknown.length > 1 ? "s" : ""} ${list}; the columns are ${COLUMN_LIST}`);
  }
  const columns = names.map((name) => (name === "" ? null : COLUMN_BY_NAME.get(nameKey(name))!));
  for (const [i, column] of columns.entries()) {
    if (column && columns.indexOf(column) !== i) return fatal(`The column "${column.header}" appears twice`);
    if (column) continue;
    const r = records.findIndex((record, ri) => ri > first && (record[i] ?? "").trim() !== "");
    if (r >= 0) return fatal(`Column ${i + 1} has no name in the first row but has a value in row ${r + 1}`);
  }
  for (const required of ["term", "definition"]) {
    if (!columns.some((c) => c?.key === required)) {
      return fatal(`The first row has no "${required}" column (term and definition are required)`);
    }
  }
  return columns;
}

/** Escaped on export: an apostrophe before a character a spreadsheet would start a formula with. */
const ESCAPED = /^'(?='*[=+\-@\t\r])/;
const FORMULA = /^[=@]|^[+-]\s*[\p{L}_][\p{L}\p{N}_.]*\s*\(|^[+-].*[\p{L}\p{N}_]\|.*!/su;
const FORMULA_MESSAGE = "looks like a spreadsheet formula; prefix it with ' to keep it as text";

function readCell(cell: string, column: Column): { value: unknown } | { error: string } {
  let text = cell.trim();
  if (text === "") return { value: column.key === "term" || column.key === "definition" ? "" : undefined };
  if (ESCAPED.test(text)) text = text.slice(1);
  else if (FORMULA.test(text)) return { error: FORMULA_MESSAGE };
  if (column.type === "list") return { value: splitList(text) };
  if (column.type === "boolean") {
    if (/^(true|yes|1)$/i.test(text)) return { value: true };
    if (/^(false|no|0)$/i.test(text)) return { value: false };
    return { error: `"${text}" is not true or false (yes/no and 1/0 work too)` };
  }
  return { value: column.key === "context" ? text.toLowerCase() : text };
}

function splitList(cell: string): string[] {
  const items: string[] = [];
  let item = "";
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === "\\" && (cell[i + 1] === "|" || cell[i + 1] === "\\")) item += cell[++i];
    else if (c === "|") {
      items.push(item);
      item = "";
    } else item += c;
  }
  items.push(item);
  return items;
}

// --------------------------------------------------------------------------------------- JSON

function readJson(text: string): RawRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const before = text.slice(0, jsonErrorPosition(text, message)).split("\n");
    return fatal(
      `The file is not valid JSON (line ${before.length}, column ${before.at(-1)!.length + 1}): ${message}`,
    );
  }
  const items = Array.isArray(data)
    ? data
    : isObject(data) && Array.isArray(data.entries)
      ? (data.entries as unknown[])
      : null;
  if (!items) return fatal('The JSON must be an array of entries, or an object with an "entries" array');
  if (items.length === 0) return fatal("The file has no entries");
  if (items.length > IMPORT_MAX_ROWS) return tooMany(items.length);

  const unknown = new Map<string, number>(); // key → first item (1-based) using it
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    for (const key of Object.keys(item)) {
      if (!COLUMN_BY_NAME.has(nameKey(key)) && !unknown.has(key)) unknown.set(key, i + 1);
    }
  });
  if (unknown.size > 0) {
    const list = [...unknown].map(([key, row]) => `"${key}" (item ${row})`).join(", ");
    return fatal(`Unknown field${unknown.size > 1 ? "s" : ""} ${list}; the fields are ${FIELD_LIST}`);
  }

  const rows: RawRow[] = [];
  const errors: ImportRowError[] = [];
  items.forEach((item, i) => {
    if (!isObject(item)) {
      errors.push({
        row: i + 1,
        field: "",
        message: "each entry must be an object with a term and a definition",
      });
      return;
    }
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      const column = COLUMN_BY_NAME.get(nameKey(key))!;
      const required = column.key === "term" || column.key === "definition";
      if (value !== null) raw[column.key] = value;
      else if (required) raw[column.key] = "";
    }
    rows.push({ row: i + 1, raw });
  });
  return { rows, errors };
}

/**
 * Where JSON.parse failed. V8 says "at position N" for most errors but not for an unexpected token
 * on Node 20 ("Unexpected token '}', ...": no position); then the position is found by bisection:
 * a prefix is fine while parsing it fails only at its very end (or it parses).
 */
function jsonErrorPosition(text: string, message: string): number {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  const fineUpTo = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      const m = error instanceof Error ? error.message : "";
      const at = /at position (\d+)/.exec(m);
      return m.includes("Unexpected end of JSON input") || (at !== null && Number(at[1]) >= length);
    }
  };
  if (fineUpTo(text.length)) return text.length;
  let lo = 0; // fineUpTo(lo)
  let hi = text.length; // !fineUpTo(hi)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fineUpTo(mid)) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// --------------------------------------------------------------------------------- validation

/**
 * Validates every row with `entryInput`, adds those errors to the reading errors, and rejects a
 * later row repeating an earlier valid row's term (case-insensitively, unless both rows are
 * case-sensitive). Only rows without any error are returned.
 */
function validateRows(
  raws: RawRow[],
  readErrors: ImportRowError[],
): { rows: ImportRow[]; errors: ImportRowError[] } {
  const errors = [...readErrors];
  const failed = new Map<number, Set<string>>(); // row → fields that could not be read
  for (const e of readErrors) failed.set(e.row, (failed.get(e.row) ?? new Set()).add(e.field));
  const rows: ImportRow[] = [];
  const seen = new Map<string, { row: number }[]>();
  for (const { row, raw } of raws) {
    const parsed = entryInput.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // A field that could not be read is absent from `raw`; its error is already reported.
        if (failed.get(row)?.has(String(issue.path[0]))) continue;
        errors.push({ row, field: issue.path.map(String).join("."), message: issue.message });
      }
      continue;
    }
    if (failed.has(row)) continue;
    const values = parsed.data;
    const key = values.term.toLowerCase();
    const earlier = seen.get(key) ?? [];
    // One entry per term case-insensitively, whatever its case sensitivity: the dictionary's
    // uniqueness rule (and the upsert's key), so "Go" and "GO" cannot both be imported.
    const duplicate = earlier[0];
    if (duplicate) {
      errors.push({ row, field: "term", message: `"${values.term}" is a duplicate of row ${duplicate.row}` });
      continue;
    }
    earlier.push({ row });
    seen.set(key, earlier);
    rows.push({ row, values });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
}

// ------------------------------------------------------------------------------------- export

/** CSV with a header row (COLUMNS order), CRLF line ends, formula-escaped and quoted cells. */
export function toCsv(entries: readonly ExportEntry[]): string {
  const lines = [COLUMNS.map((c) => c.header).join(",")];
  for (const e of entries) lines.push(COLUMNS.map((c) => csvCell(cellText(e, c))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function cellText(entry: ExportEntry, column: Column): string {
  const value = entry[column.key];
  if (Array.isArray(value)) return value.map((item) => item.replace(/[\\|]/g, "\\$&")).join("|");
  if (typeof value === "boolean") return String(value);
  return value ?? "";
}

function csvCell(text: string): string {
  const safe = /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A pretty-printed JSON array of entries with entryInput's keys (in COLUMNS order). */
export function toJson(entries: readonly ExportEntry[]): string {
  const objects = entries.map((e) => Object.fromEntries(COLUMNS.map((c) => [c.key, e[c.key]])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}
