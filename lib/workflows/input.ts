import type { InputField } from "./definition";

export type InputIssue = { field: string; message: string };

/**
 * Checks a run's input against the workflow's input schema: required fields present, types right
 * (numbers and booleans given as text by a form are converted), defaults filled in. Fields the
 * schema does not name are kept, so a webhook's whole payload stays available.
 */
export function applyInputSchema(
  fields: readonly InputField[],
  raw: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; issues: InputIssue[] } {
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    return { ok: false, issues: [{ field: "input", message: "The input must be a JSON object." }] };
  }
  const value: Record<string, unknown> = { ...((raw as Record<string, unknown> | null) ?? {}) };
  const issues: InputIssue[] = [];
  for (const f of fields) {
    let v = value[f.name];
    if (v === undefined || v === "") {
      if (f.default !== undefined) v = f.default;
      else if (f.required) {
        issues.push({ field: f.name, message: `${f.name} is required.` });
        continue;
      } else {
        delete value[f.name];
        continue;
      }
    }
    switch (f.type) {
      case "string":
        if (typeof v !== "string") issues.push({ field: f.name, message: `${f.name} must be text.` });
        break;
      case "number": {
        const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
        if (typeof n !== "number" || !Number.isFinite(n))
          issues.push({ field: f.name, message: `${f.name} must be a number.` });
        else v = n;
        break;
      }
      case "boolean":
        if (v === "true" || v === "false") v = v === "true";
        if (typeof v !== "boolean")
          issues.push({ field: f.name, message: `${f.name} must be true or false.` });
        break;
      case "json":
        if (typeof v === "string") {
          try {
            v = JSON.parse(v);
          } catch {
            issues.push({ field: f.name, message: `${f.name} must be valid JSON.` });
          }
        }
        break;
    }
    value[f.name] = v;
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}
