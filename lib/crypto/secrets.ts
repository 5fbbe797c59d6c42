import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { type KeyRing, keyRing } from "./keyring";

/**
 * AES-256-GCM envelopes: `v<version>.<iv>.<tag>.<ciphertext>` (base64url parts). The version names
 * the master key that sealed it, so keys can rotate. The purpose string is bound in as associated
 * data, so a ciphertext copied into another kind of field does not open.
 */
export class SecretIntegrityError extends Error {
  constructor(
    message = "A stored secret failed its integrity check (tampered with, or sealed with an unknown key).",
  ) {
    super(message);
    this.name = "SecretIntegrityError";
  }
}

const IV_BYTES = 12;
const ENVELOPE = /^v(\d+)\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

export function encryptSecret(plaintext: string, purpose: string, ring: KeyRing = keyRing()): string {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error("the current encryption key is missing from the key ring");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v${ring.current}.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${ciphertext.toString("base64url")}`;
}

export function decryptSecret(envelope: string, purpose: string, ring: KeyRing = keyRing()): string {
  const m = ENVELOPE.exec(envelope);
  if (!m) throw new SecretIntegrityError("A stored secret is malformed.");
  const key = ring.keys.get(Number(m[1]));
  if (!key)
    throw new SecretIntegrityError(
      `A stored secret was sealed with key version ${m[1]}, which is not configured.`,
    );
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(m[2] ?? "", "base64url"));
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(Buffer.from(m[3] ?? "", "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(m[4] ?? "", "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretIntegrityError();
  }
}

/** The key version an envelope was sealed with, or null if it is not an envelope. */
export function envelopeVersion(envelope: string): number | null {
  const m = ENVELOPE.exec(envelope);
  return m ? Number(m[1]) : null;
}

/** What the browser may see of a key: its first 3 and last 4 characters at most (`sk-…abcd`). */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length <= 8) return "…";
  return `${s.slice(0, 3)}…${s.slice(-4)}`;
}

/** Purposes (associated data) of each encrypted column. */
export const SECRET_PURPOSE = {
  integrationCredentials: "ai_integrations.credentials",
  workflowWebhookSecret: "workflows.webhook_secret",
  workflowSecrets: "workflows.secrets",
  mcpHeaders: "mcp_servers.headers",
  omniBridgeKey: "omni_bridge_sync.api_key",
  omniBridgeSigningSecret: "omni_bridge_sync.signing_secret",
  agentSecret: "ai_agents.secret",
} as const;
