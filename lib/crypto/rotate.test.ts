import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { aiIntegrations, auditLogs } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { IntegrationModel } from "@/lib/ai/integrations";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { keyRing, parseKeyRing } from "./keyring";
import { rotateSecrets } from "./rotate";
import { decryptSecret, envelopeVersion, SECRET_PURPOSE } from "./secrets";

describeEachEngine("key rotation", ({ db }) => {
  beforeAll(async () => {
    await seedCatalog(db());
  });

  it("re-encrypts every secret under the newest key and reports tampered ones without touching them", async () => {
    const u = await makeUser(db());
    const integrations = new IntegrationModel(db(), u.actor);
    const good = await integrations.create(
      { provider: "openai", name: "good", apiKey: "sk-rotate-me-1234" },
      { shared: false },
      ctx,
    );
    const bad = await integrations.create(
      { provider: "openai", name: "bad", apiKey: "sk-tamper-me-5678" },
      { shared: false },
      ctx,
    );
    const [badRow] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, bad.id));
    const tampered = `${badRow!.credentialsEncrypted!.slice(0, -2)}${badRow!.credentialsEncrypted!.endsWith("AA") ? "BB" : "AA"}`;
    await db()
      .update(aiIntegrations)
      .set({ credentialsEncrypted: tampered })
      .where(eq(aiIntegrations.id, bad.id));

    const current = keyRing();
    const next = parseKeyRing(
      `${[...current.keys.entries()].map(([v, k]) => `${v}:${k.toString("base64")}`).join(",")},${current.current + 1}:${randomBytes(32).toString("base64")}`,
    );
    const report = await rotateSecrets(db(), next);
    expect(report.ai_integrations?.failed).toEqual([bad.id]);
    expect(report.ai_integrations?.reencrypted).toBeGreaterThanOrEqual(1);

    const [goodRow] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, good.id));
    expect(envelopeVersion(goodRow!.credentialsEncrypted!)).toBe(next.current);
    expect(goodRow?.keyVersion).toBe(next.current);
    expect(decryptSecret(goodRow!.credentialsEncrypted!, SECRET_PURPOSE.integrationCredentials, next)).toBe(
      "sk-rotate-me-1234",
    );
    const [stillBad] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, bad.id));
    expect(stillBad?.credentialsEncrypted).toBe(tampered);

    // Running it again finds nothing left to do.
    const again = await rotateSecrets(db(), next);
    expect(again.ai_integrations?.reencrypted).toBe(0);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.action, "secrets_rotated"));
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});
