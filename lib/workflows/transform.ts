import type { StepConfigs } from "./definition";
import { asText, getPath, parsePath, renderText, renderValue, type TemplateScope } from "./template";

/** A step failure the user caused (bad data, bad pattern): never retried. */
export class StepInputError extends Error {}

function toValue(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Runs a transform step. Pure: the same config and scope give the same output. */
export function runTransform(config: StepConfigs["transform"], scope: TemplateScope): unknown {
  switch (config.op) {
    case "template":
      return renderText(config.source, scope);
    case "json_path": {
      const path = parsePath(config.path ?? "");
      if (!path) throw new StepInputError(`"${config.path}" is not a JSON path (use a.b[0].c or $.a.b).`);
      return getPath(toValue(renderValue(config.source, scope)), path) ?? null;
    }
    case "json_parse": {
      const raw = renderValue(config.source, scope);
      if (typeof raw !== "string") return raw ?? null;
      // Models often wrap JSON in a fenced block; take what is inside.
      const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(raw);
      try {
        return JSON.parse((fenced?.[1] ?? raw).trim());
      } catch (err) {
        throw new StepInputError(`The text is not valid JSON: ${(err as Error).message}`);
      }
    }
    case "json_stringify":
      return JSON.stringify(renderValue(config.source, scope) ?? null);
    case "regex": {
      let re: RegExp;
      try {
        re = new RegExp(config.pattern ?? "", config.flags ?? "");
      } catch (err) {
        throw new StepInputError(`The pattern is not a valid regular expression: ${(err as Error).message}`);
      }
      const subject = asText(renderValue(config.source, scope));
      const group = config.group ?? 0;
      if (re.global) return [...subject.matchAll(re)].map((m) => m[group] ?? null);
      const m = re.exec(subject);
      return m ? (m[group] ?? null) : null;
    }
  }
}

/** Evaluates a condition step: true or false. */
export function evaluateCondition(config: StepConfigs["condition"], scope: TemplateScope): boolean {
  const left = renderValue(config.left, scope);
  const right = config.right === undefined ? undefined : renderText(config.right, scope);
  switch (config.operator) {
    case "exists":
      return left !== undefined && left !== null && left !== "";
    case "equals":
      return asText(left) === (right ?? "");
    case "not_equals":
      return asText(left) !== (right ?? "");
    case "contains":
      if (Array.isArray(left)) return left.some((x) => asText(x) === (right ?? ""));
      return asText(left).includes(right ?? "");
    case "greater_than":
    case "less_than": {
      const a = Number(asText(left));
      const b = Number(right);
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        throw new StepInputError(`Cannot compare "${asText(left)}" with "${right ?? ""}" as numbers.`);
      }
      return config.operator === "greater_than" ? a > b : a < b;
    }
    case "regex":
      try {
        return new RegExp(right ?? "").test(asText(left));
      } catch (err) {
        throw new StepInputError(`The pattern is not a valid regular expression: ${(err as Error).message}`);
      }
  }
}
