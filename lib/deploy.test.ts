import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_KEYS } from "./env";

/**
 * The deployment files stay in step with lib/env.ts: compose.yaml sets only variables Prism knows
 * (a typo would be silently ignored in production), sets the ones a fleet needs, and
 * docs/deploy.md documents every variable.
 */

const compose = readFileSync("compose.yaml", "utf8");
const deployDoc = readFileSync("docs/deploy.md", "utf8");

/** Variables set for Prism's own services: the x-prism-env block and each service's environment. */
function prismVariables(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let top = "";
  let service = "";
  let envIndent = -1; // indentation of the `environment:` key being read, or -1
  for (const line of compose.split("\n")) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (envIndent >= 0 && indent <= envIndent) envIndent = -1;
    const key = /^\s*([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!key) continue;
    const [, name = "", rest = ""] = key;
    if (indent === 0) {
      top = name;
      service = "";
      // The shared block is itself a map of variables.
      envIndent = top === "x-prism-env" ? 0 : -1;
      continue;
    }
    if (top === "services" && indent === 2) service = name;
    if (name === "environment" && rest === "") {
      envIndent = indent;
      continue;
    }
    if (envIndent >= 0 && /^[A-Z][A-Z0-9_]*$/.test(name)) {
      const where = top === "services" ? `services.${service}` : top;
      found.set(name, [...(found.get(name) ?? []), where]);
    }
  }
  return found;
}

describe("deployment files", () => {
  const vars = prismVariables();
  const known = new Set<string>(ENV_KEYS);

  it("compose.yaml sets only variables lib/env.ts knows for Prism's services", () => {
    const unknown = [...vars.entries()].filter(
      ([name, where]) => !known.has(name) && where.some((w) => w !== "services.postgres"),
    );
    expect(unknown).toEqual([]);
    expect(vars.size).toBeGreaterThan(5);
  });

  it("compose.yaml gives the fleet what it needs", () => {
    for (const name of ["DATABASE_URL", "REDIS_URL", "AUTH_SECRET", "PRISM_ENCRYPTION_KEY", "PRISM_WORKERS"])
      expect(vars.has(name), name).toBe(true);
    // App instances leave workflow steps to the worker services.
    expect(vars.get("PRISM_WORKERS")).toEqual(["services.app1", "services.app2"]);
    expect(compose).toMatch(/command: \["npx", "tsx", "scripts\/worker\.ts"\]/);
    expect(compose).toMatch(/service_completed_successfully/);
  });

  it("docs/deploy.md documents every variable", () => {
    const missing = ENV_KEYS.filter((name) => !deployDoc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
