/**
 * Variables in step configs: `{{input.topic}}`, `{{steps.summarise.output}}`,
 * `{{steps.fetch.output.items[0].title}}`, `{{secrets.API_TOKEN}}`. Pure functions, no I/O.
 */

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ROOTS = ["input", "steps", "secrets", "run"] as const;
export type VariableRoot = (typeof ROOTS)[number];

export type Reference = { raw: string; root: string; path: PathSegment[] };
export type PathSegment = string | number;

/**
 * A path as written after a root: `a.b[0].c`, `["key with space"]`, or JSON-path style `$.a.b`.
 * Returns null for something that is not a path.
 */
export function parsePath(expr: string): PathSegment[] | null {
  let s = expr.trim();
  if (s.startsWith("$")) s = s.slice(1);
  const out: PathSegment[] = [];
  let i = 0;
  if (s.startsWith(".")) i = 1;
  if (s === "") return out;
  while (i < s.length) {
    if (s[i] === "[") {
      const close = s.indexOf("]", i);
      if (close < 0) return null;
      const inner = s.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) out.push(inner.slice(1, -1));
      else return null;
      i = close + 1;
      if (s[i] === ".") i++;
      continue;
    }
    const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
    if (!m) return null;
    out.push(m[0]);
    i += m[0].length;
    if (s[i] === ".") {
      i++;
      if (i >= s.length) return null;
    } else if (i < s.length && s[i] !== "[") return null;
  }
  return out;
}

/** Reads a path from a value; undefined when any part is missing. */
export function getPath(value: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof seg === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (typeof cur !== "object" || !Object.hasOwn(cur as object, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

/** Every `{{…}}` reference in a text, parsed (a malformed one has an empty path and root ""). */
export function referencesIn(text: string): Reference[] {
  const refs: Reference[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const raw = m[1] ?? "";
    const path = parsePath(raw);
    const [root, ...rest] = path ?? [];
    refs.push(typeof root === "string" ? { raw, root, path: rest } : { raw, root: "", path: [] });
  }
  return refs;
}

export function isKnownRoot(root: string): root is VariableRoot {
  return (ROOTS as readonly string[]).includes(root);
}

export type TemplateScope = {
  input: unknown;
  /** step id -> that step's output. */
  steps: Record<string, unknown>;
  secrets?: Record<string, string>;
  run?: Record<string, unknown>;
};

function lookup(scope: TemplateScope, ref: Reference): unknown {
  switch (ref.root) {
    case "input":
      return getPath(scope.input, ref.path);
    case "steps": {
      const [stepId, field, ...rest] = ref.path;
      if (typeof stepId !== "string") return undefined;
      if (!Object.hasOwn(scope.steps, stepId)) return undefined;
      const out = scope.steps[stepId];
      if (field === undefined) return out;
      if (field !== "output") return undefined;
      return getPath(out, rest);
    }
    case "secrets": {
      const [name] = ref.path;
      return typeof name === "string" ? scope.secrets?.[name] : undefined;
    }
    case "run":
      return getPath(scope.run ?? {}, ref.path);
    default:
      return undefined;
  }
}

/** How a value reads inside a text: strings as they are, everything else as JSON, missing as "". */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Renders a template to text. */
export function renderText(template: string, scope: TemplateScope): string {
  return template.replace(VARIABLE, (_, raw: string) => {
    const path = parsePath(raw);
    const [root, ...rest] = path ?? [];
    if (typeof root !== "string") return "";
    return asText(lookup(scope, { raw, root, path: rest }));
  });
}

/**
 * Renders a template to a value: a template that is exactly one `{{…}}` keeps that value's type
 * (an object stays an object); anything else is text.
 */
export function renderValue(template: string, scope: TemplateScope): unknown {
  const whole = /^\s*\{\{\s*([^{}]*?)\s*\}\}\s*$/.exec(template);
  if (whole) {
    const path = parsePath(whole[1] ?? "");
    const [root, ...rest] = path ?? [];
    if (typeof root === "string") return lookup(scope, { raw: whole[1] ?? "", root, path: rest });
  }
  return renderText(template, scope);
}

/** Replaces every secret value in a text (or JSON value) with ••• so run logs never show them. */
export function maskSecrets<T>(value: T, secrets: Record<string, string> | undefined): T {
  const values = Object.values(secrets ?? {})
    .filter((v) => v.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return value;
  const mask = (s: string) => values.reduce((acc, v) => acc.split(v).join("•••"), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
