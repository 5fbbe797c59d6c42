import { eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, aiIntegrations, mcpServers, omniBridgeSync, workflows } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { KeyRing } from "./keyring";
import {
  decryptSecret,
  encryptSecret,
  envelopeVersion,
  SECRET_PURPOSE,
  SecretIntegrityError,
} from "./secrets";

type Row = { id: string; secret: string | null };

/** Every encrypted column: how to read its rows and how to write one back. */
const TARGETS: {
  name: string;
  purpose: string;
  rows: (db: Db) => Promise<Row[]>;
  write: (db: Db, id: string, secret: string, version: number) => Promise<unknown>;
}[] = [
  {
    name: "ai_integrations",
    purpose: SECRET_PURPOSE.integrationCredentials,
    rows: (db) =>
      db
        .select({ id: aiIntegrations.id, secret: aiIntegrations.credentialsEncrypted })
        .from(aiIntegrations)
        .where(isNotNull(aiIntegrations.credentialsEncrypted)),
    write: (db, id, secret, version) =>
      db
        .update(aiIntegrations)
        .set({ credentialsEncrypted: secret, keyVersion: version })
        .where(eq(aiIntegrations.id, id)),
  },
  {
    name: "workflows",
    purpose: SECRET_PURPOSE.workflowWebhookSecret,
    rows: (db) =>
      db
        .select({ id: workflows.id, secret: workflows.webhookSecretEncrypted })
        .from(workflows)
        .where(isNotNull(workflows.webhookSecretEncrypted)),
    write: (db, id, secret) =>
      db.update(workflows).set({ webhookSecretEncrypted: secret }).where(eq(workflows.id, id)),
  },
  {
    name: "workflow secrets",
    purpose: SECRET_PURPOSE.workflowSecrets,
    rows: (db) =>
      db
        .select({ id: workflows.id, secret: workflows.secretsEncrypted })
        .from(workflows)
        .where(isNotNull(workflows.secretsEncrypted)),
    write: (db, id, secret) =>
      db.update(workflows).set({ secretsEncrypted: secret }).where(eq(workflows.id, id)),
  },
  {
    name: "mcp_servers",
    purpose: SECRET_PURPOSE.mcpHeaders,
    rows: (db) =>
      db
        .select({ id: mcpServers.id, secret: mcpServers.headersEncrypted })
        .from(mcpServers)
        .where(isNotNull(mcpServers.headersEncrypted)),
    write: (db, id, secret, version) =>
      db
        .update(mcpServers)
        .set({ headersEncrypted: secret, keyVersion: version })
        .where(eq(mcpServers.id, id)),
  },
  {
    name: "omni_bridge_sync",
    purpose: SECRET_PURPOSE.omniBridgeKey,
    rows: (db) =>
      db.select({ id: omniBridgeSync.id, secret: omniBridgeSync.apiKeyEncrypted }).from(omniBridgeSync),
    write: (db, id, secret) =>
      db.update(omniBridgeSync).set({ apiKeyEncrypted: secret }).where(eq(omniBridgeSync.id, id)),
  },
  {
    name: "omni_bridge_sync signing secrets",
    purpose: SECRET_PURPOSE.omniBridgeSigningSecret,
    rows: (db) =>
      db
        .select({ id: omniBridgeSync.id, secret: omniBridgeSync.signingSecretEncrypted })
        .from(omniBridgeSync)
        .where(isNotNull(omniBridgeSync.signingSecretEncrypted)),
    write: (db, id, secret, version) =>
      db
        .update(omniBridgeSync)
        .set({ signingSecretEncrypted: secret, keyVersion: version })
        .where(eq(omniBridgeSync.id, id)),
  },
  {
    name: "ai_agents",
    purpose: SECRET_PURPOSE.agentSecret,
    rows: (db) => db.select({ id: aiAgents.id, secret: aiAgents.secretEncrypted }).from(aiAgents),
    write: (db, id, secret, version) =>
      db.update(aiAgents).set({ secretEncrypted: secret, keyVersion: version }).where(eq(aiAgents.id, id)),
  },
];

export type RotationReport = Record<
  string,
  { reencrypted: number; alreadyCurrent: number; failed: string[] }
>;

/**
 * Re-encrypts every stored secret under the ring's newest key. A secret that fails its integrity
 * check is reported by id and left as it is (never overwritten with garbage).
 */
export async function rotateSecrets(db: Db, ring: KeyRing): Promise<RotationReport> {
  const report: RotationReport = {};
  for (const t of TARGETS) {
    const entry = { reencrypted: 0, alreadyCurrent: 0, failed: [] as string[] };
    report[t.name] = entry;
    for (const row of await t.rows(db)) {
      if (!row.secret) continue;
      if (envelopeVersion(row.secret) === ring.current) {
        entry.alreadyCurrent++;
        continue;
      }
      try {
        const resealed = encryptSecret(decryptSecret(row.secret, t.purpose, ring), t.purpose, ring);
        await t.write(db, row.id, resealed, ring.current);
        entry.reencrypted++;
      } catch (err) {
        if (!(err instanceof SecretIntegrityError)) throw err;
        entry.failed.push(row.id);
      }
    }
  }
  await recordAudit(
    db,
    {
      actorId: null,
      entityType: "encryption_key",
      entityId: String(ring.current),
      action: "secrets_rotated",
      metadata: report,
    },
    { ip: null, userAgent: "keys:rotate" },
  );
  return report;
}
