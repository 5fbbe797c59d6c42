import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lifecycle } from "./lifecycle";
import { readiness } from "./readiness";

/** Readiness against the real embedded database and the machine's Redis (127.0.0.1:6379). */
describe("readiness", () => {
  const saved = { ...process.env };
  const dir = mkdtempSync(path.join(tmpdir(), "prism-ready-"));
  beforeAll(() => {
    process.env.PRISM_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    process.env = saved;
    await (await globalThis.__prismDatabase)?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is ok with the database up and no Redis configured", async () => {
    delete process.env.REDIS_URL;
    expect(await readiness()).toMatchObject({ status: "ok", database: "ok", redis: "not_configured" });
  }, 180_000);

  it("checks Redis when REDIS_URL is set, and fails when it does not answer", async () => {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
    expect(await readiness()).toMatchObject({ status: "ok", redis: "ok" });
    process.env.REDIS_URL = "redis://127.0.0.1:9";
    const down = await readiness();
    expect(down).toMatchObject({ status: "error", redis: "unavailable", database: "ok" });
    delete process.env.REDIS_URL;
  });

  it("fails while the instance drains for a restart", async () => {
    lifecycle.draining = true;
    try {
      expect(await readiness()).toMatchObject({ status: "error", draining: true, database: "ok" });
    } finally {
      lifecycle.draining = false;
    }
  });
});
