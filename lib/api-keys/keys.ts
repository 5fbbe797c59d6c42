import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { API_KEY_SCOPES, apiKeys, users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { shared } from "@/lib/server/shared";

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
const KEY_PREFIX = "prism_";

export const apiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters."),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope.").default(["chat", "models"]),
  rateLimit: z.number().int().min(1, "At least 1 request per minute.").max(100_000).default(100),
  expiresAt: z.coerce
    .date()
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future.")
    .optional(),
  monthlyBudgetUsd: z
    .number("The monthly cap must be a number of dollars.")
    .gt(0, "The monthly cap must be above $0.")
    .max(999_999, "At most $999,999.")
    .optional(),
});

/** Keys are 32 random bytes; a fast hash is enough (no dictionary to guess from) and keeps lookups cheap. */
export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  rateLimit: number;
  monthlyBudgetUsd: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

/** A user's own API keys. The secret is returned once, at creation; only its hash is stored. */
export class ApiKeyModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  async create(input: unknown, ctx: RequestContext): Promise<{ secret: string; key: ApiKeyView }> {
    const data = parseInput(apiKeyInput, input);
    const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
    const row = await this.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(apiKeys)
        .values({
          userId: this.actor.id,
          name: data.name,
          keyPrefix: secret.slice(0, KEY_PREFIX.length + 8),
          keyHash: hashApiKey(secret),
          scopes: data.scopes,
          rateLimit: data.rateLimit,
          expiresAt: data.expiresAt ?? null,
          monthlyBudgetUsd: data.monthlyBudgetUsd === undefined ? null : data.monthlyBudgetUsd.toFixed(6),
        })
        .returning();
      if (!created) throw new AppError("internal", "Could not create the key.");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "api_key",
          entityId: created.id,
          action: "created",
          after: { name: data.name, scopes: data.scopes, prefix: created.keyPrefix },
        },
        ctx,
      );
      return created;
    });
    return { secret, key: toView(row) };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.userId, this.actor.id))
      .orderBy(desc(apiKeys.createdAt));
    return rows.map(toView);
  }

  async revoke(id: string, ctx: RequestContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, this.actor.id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id, name: apiKeys.name });
      if (!row) throw notFound("That API key");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "api_key",
          entityId: id,
          action: "revoked",
          before: { name: row.name },
        },
        ctx,
      );
    });
    forgetApiKeys(this.db);
  }
}

function toView(r: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.keyPrefix,
    scopes: r.scopes as ApiKeyScope[],
    rateLimit: r.rateLimit,
    monthlyBudgetUsd: r.monthlyBudgetUsd,
    lastUsedAt: r.lastUsedAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    createdAt: r.createdAt,
  };
}

export type ApiKeyPrincipal = {
  actor: Actor;
  key: { id: string; scopes: ApiKeyScope[]; rateLimit: number; monthlyBudgetUsd: string | null };
};

const TOUCH_EVERY_MS = 60_000;
/**
 * Validated keys are remembered briefly: the lookup is on every API call. A revocation in this
 * process clears the cache at once; another instance notices within AUTH_CACHE_MS.
 */
const AUTH_CACHE_MS = 2_000;
type AuthCache = Map<string, { principal: ApiKeyPrincipal; at: number; expiresAt: number | null }>;
const authCaches = shared("api-key-auth", () => new WeakMap<Db, AuthCache>());

export function forgetApiKeys(db: Db): void {
  authCaches.get(db)?.clear();
}

/**
 * Resolves `Authorization: Bearer prism_…` to its user. Revoked, expired and unknown keys, and keys
 * of suspended users, are all refused the same way (401).
 */
export async function authenticateApiKey(db: Db, authorization: string | null): Promise<ApiKeyPrincipal> {
  const secret = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!secret?.startsWith(KEY_PREFIX)) {
    throw new AppError("unauthorized", "Missing or malformed API key. Send `Authorization: Bearer prism_…`.");
  }
  const hash = hashApiKey(secret);
  let cache = authCaches.get(db);
  if (!cache) {
    cache = new Map();
    authCaches.set(db, cache);
  }
  const hit = cache.get(hash);
  if (hit && Date.now() - hit.at < AUTH_CACHE_MS && (hit.expiresAt === null || hit.expiresAt > Date.now())) {
    return hit.principal;
  }
  const [row] = await db
    .select({ key: apiKeys, role: users.role, suspendedAt: users.suspendedAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, hash));
  const now = new Date();
  if (!row || row.key.revokedAt || row.suspendedAt || (row.key.expiresAt && row.key.expiresAt <= now)) {
    throw new AppError("unauthorized", "Invalid API key: it is unknown, revoked or expired.");
  }
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    void db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.key.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS))),
        ),
      )
      .catch(() => {});
  }
  const principal: ApiKeyPrincipal = {
    actor: { id: row.key.userId, role: row.role },
    key: {
      id: row.key.id,
      scopes: row.key.scopes as ApiKeyScope[],
      rateLimit: row.key.rateLimit,
      monthlyBudgetUsd: row.key.monthlyBudgetUsd,
    },
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { principal, at: Date.now(), expiresAt: row.key.expiresAt?.getTime() ?? null });
  return principal;
}

export function requireScope(principal: ApiKeyPrincipal, scope: ApiKeyScope): void {
  if (!principal.key.scopes.includes(scope)) {
    throw new AppError("forbidden", `This API key lacks the "${scope}" scope.`);
  }
}
