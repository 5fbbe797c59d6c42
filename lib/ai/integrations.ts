import { generateText } from "ai";
import { and, asc, eq, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  type AIIntegration,
  aiIntegrations,
  aiModels,
  aiProviders,
  PROVIDER_SLUGS,
  type ProviderSlug,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, isAdmin, requireAdmin } from "@/lib/auth/actor";
import { keyRing } from "@/lib/crypto/keyring";
import { decryptSecret, encryptSecret, maskSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { clientsFor, outboundPolicy } from "@/lib/net/policy";
import { describeProviderFailure } from "./provider-errors";
import {
  catalogProvider,
  effectiveBaseUrl,
  languageModel,
  listRemoteModels,
  type ProviderConnection,
} from "./providers";
import { invalidateTargets } from "./resolve";

const TEST_TIMEOUT_MS = 15_000;
const needsBaseUrl = (slug: string) => catalogProvider(slug)?.needsBaseUrl === true;
const keyOptional = (slug: string) => catalogProvider(slug)?.keyOptional === true;

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." })
  .max(500)
  .transform((u) => u.replace(/\/+$/, ""));

export const integrationInput = z.object({
  provider: z.enum(PROVIDER_SLUGS, { error: "Choose a provider." }),
  name: z.string().trim().min(1, "Give the integration a name.").max(100, "Use at most 100 characters."),
  apiKey: z.string().trim().max(500).optional(),
  baseUrl: baseUrlSchema.optional().or(z.literal("").transform(() => undefined)),
});

export const integrationUpdate = z.object({
  name: z.string().trim().min(1, "Give the integration a name.").max(100).optional(),
  /** Empty or absent keeps the stored key. */
  apiKey: z.string().trim().max(500).optional(),
  baseUrl: baseUrlSchema.optional().or(z.literal("").transform(() => null)),
});

/** What pages may show of an integration: never the key, only its masked hint. */
export type IntegrationView = {
  id: string;
  name: string;
  provider: ProviderSlug;
  providerName: string;
  shared: boolean;
  ownedByMe: boolean;
  keyHint: string | null;
  baseUrl: string | null;
  effectiveBaseUrl: string | null;
  status: AIIntegration["status"];
  lastError: string | null;
  lastSyncAt: Date | null;
  usageStats: AIIntegration["usageStats"];
  customModels: string[];
  createdAt: Date;
};

export type TestResult = { ok: true; models: string[] | null } | { ok: false; error: string };

/**
 * Provider integrations of one actor: their own (user_id = actor) and, for using, the admin-shared
 * ones (user_id null). Shared integrations are created and changed by admins only.
 */
export class IntegrationModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  /** Own + shared: what this user may call models through. */
  private usable(): SQL {
    return or(eq(aiIntegrations.userId, this.actor.id), isNull(aiIntegrations.userId)) as SQL;
  }

  /** Rows this actor may change: their own, and shared ones when they are an admin. */
  private changeable(): SQL {
    return isAdmin(this.actor)
      ? (or(eq(aiIntegrations.userId, this.actor.id), isNull(aiIntegrations.userId)) as SQL)
      : eq(aiIntegrations.userId, this.actor.id);
  }

  async list(scope: "usable" | "own" | "shared" = "usable"): Promise<IntegrationView[]> {
    if (scope === "shared") requireAdmin(this.actor);
    const where =
      scope === "own"
        ? eq(aiIntegrations.userId, this.actor.id)
        : scope === "shared"
          ? isNull(aiIntegrations.userId)
          : this.usable();
    const rows = await this.db
      .select({ i: aiIntegrations, providerName: aiProviders.name })
      .from(aiIntegrations)
      .innerJoin(aiProviders, eq(aiProviders.id, aiIntegrations.providerId))
      .where(where)
      .orderBy(asc(aiIntegrations.name), asc(aiIntegrations.id));
    const custom = rows.length
      ? await this.db
          .select({ integrationId: aiModels.integrationId, name: aiModels.name })
          .from(aiModels)
          .where(or(...rows.map((r) => eq(aiModels.integrationId, r.i.id))))
          .orderBy(asc(aiModels.name))
      : [];
    return rows.map((r) =>
      this.view(
        r.i,
        r.providerName,
        custom.filter((m) => m.integrationId === r.i.id).map((m) => m.name),
      ),
    );
  }

  async get(id: string): Promise<IntegrationView> {
    const [row] = await this.db
      .select({ i: aiIntegrations, providerName: aiProviders.name })
      .from(aiIntegrations)
      .innerJoin(aiProviders, eq(aiProviders.id, aiIntegrations.providerId))
      .where(and(eq(aiIntegrations.id, id), this.usable()));
    if (!row) throw notFound("That integration");
    const custom = await this.db
      .select({ name: aiModels.name })
      .from(aiModels)
      .where(eq(aiModels.integrationId, id));
    return this.view(
      row.i,
      row.providerName,
      custom.map((m) => m.name),
    );
  }

  private view(i: AIIntegration, providerName: string, customModels: string[]): IntegrationView {
    const provider = i.platform as ProviderSlug;
    let effective: string | null = null;
    try {
      effective = effectiveBaseUrl({ slug: provider, baseUrl: i.baseUrl });
    } catch {}
    return {
      id: i.id,
      name: i.name,
      provider,
      providerName,
      shared: i.userId === null,
      ownedByMe: i.userId === this.actor.id,
      keyHint: i.keyHint,
      baseUrl: i.baseUrl,
      effectiveBaseUrl: effective,
      status: i.status,
      lastError: i.lastError,
      lastSyncAt: i.lastSyncAt,
      usageStats: i.usageStats,
      customModels,
      createdAt: i.createdAt,
    };
  }

  async create(input: unknown, opts: { shared: boolean }, ctx: RequestContext): Promise<IntegrationView> {
    if (opts.shared) requireAdmin(this.actor);
    const data = parseInput(integrationInput, input);
    if (needsBaseUrl(data.provider) && !data.baseUrl) {
      throw new AppError(
        "validation_failed",
        "baseUrl: An OpenAI-compatible integration needs the server's base URL.",
        { field: "baseUrl" },
      );
    }
    if (!keyOptional(data.provider) && !data.apiKey) {
      throw new AppError(
        "validation_failed",
        `apiKey: Enter your ${catalogProvider(data.provider)?.name ?? data.provider} API key.`,
        {
          field: "apiKey",
        },
      );
    }
    const [provider] = await this.db.select().from(aiProviders).where(eq(aiProviders.slug, data.provider));
    if (!provider) throw notFound("That provider");
    const ring = keyRing();
    const [row] = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(aiIntegrations)
        .values({
          userId: opts.shared ? null : this.actor.id,
          providerId: provider.id,
          platform: data.provider,
          name: data.name,
          credentialsEncrypted: data.apiKey
            ? encryptSecret(data.apiKey, SECRET_PURPOSE.integrationCredentials, ring)
            : null,
          keyVersion: data.apiKey ? ring.current : null,
          keyHint: data.apiKey ? maskSecret(data.apiKey) : null,
          baseUrl: data.baseUrl ?? null,
        })
        .returning();
      const created = inserted[0];
      if (!created) throw new AppError("internal", "Could not save the integration.");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_integration",
          entityId: created.id,
          action: "created",
          after: {
            name: created.name,
            provider: data.provider,
            baseUrl: created.baseUrl,
            keyHint: created.keyHint,
            shared: opts.shared,
          },
        },
        ctx,
      );
      return inserted;
    });
    if (!row) throw new AppError("internal", "Could not save the integration.");
    invalidateTargets(this.db);
    return this.get(row.id);
  }

  async update(id: string, input: unknown, ctx: RequestContext): Promise<IntegrationView> {
    const data = parseInput(integrationUpdate, input);
    const current = await this.loadChangeable(id);
    const ring = keyRing();
    const set: Partial<typeof aiIntegrations.$inferInsert> = {};
    if (data.name !== undefined) set.name = data.name;
    if (data.baseUrl !== undefined) {
      if (data.baseUrl === null && needsBaseUrl(current.platform)) {
        throw new AppError(
          "validation_failed",
          "baseUrl: An OpenAI-compatible integration needs the server's base URL.",
          { field: "baseUrl" },
        );
      }
      set.baseUrl = data.baseUrl;
    }
    if (data.apiKey) {
      set.credentialsEncrypted = encryptSecret(data.apiKey, SECRET_PURPOSE.integrationCredentials, ring);
      set.keyVersion = ring.current;
      set.keyHint = maskSecret(data.apiKey);
    }
    if (set.baseUrl !== undefined || set.credentialsEncrypted) {
      // A new key or address has not been tested yet.
      set.status = "disconnected";
      set.lastError = null;
    }
    await this.db.transaction(async (tx) => {
      await tx.update(aiIntegrations).set(set).where(eq(aiIntegrations.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_integration",
          entityId: id,
          action: data.apiKey ? "credentials_replaced" : "updated",
          before: { name: current.name, baseUrl: current.baseUrl, keyHint: current.keyHint },
          after: {
            name: set.name ?? current.name,
            baseUrl: set.baseUrl === undefined ? current.baseUrl : set.baseUrl,
            keyHint: set.keyHint ?? current.keyHint,
          },
        },
        ctx,
      );
    });
    invalidateTargets(this.db);
    return this.get(id);
  }

  async remove(id: string, ctx: RequestContext): Promise<void> {
    const current = await this.loadChangeable(id);
    await this.db.transaction(async (tx) => {
      await tx.delete(aiIntegrations).where(eq(aiIntegrations.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_integration",
          entityId: id,
          action: "deleted",
          before: { name: current.name, provider: current.platform },
        },
        ctx,
      );
    });
    invalidateTargets(this.db);
  }

  /**
   * "Test connection": a real call (list models, or a one-token completion where the provider has
   * no listing endpoint). Records connected/error, last_sync_at and a readable last_error.
   */
  async test(id: string, ctx: RequestContext): Promise<TestResult> {
    const row = await this.loadChangeable(id);
    let result: TestResult;
    let host: string | undefined;
    try {
      const conn = await connectionFor(this.db, row);
      host = new URL(effectiveBaseUrl(conn)).host;
      const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
      let models = await listRemoteModels(conn, signal);
      if (models === null) {
        const probe = catalogProvider(row.platform)?.models.find((m) => m.type === "chat");
        if (!probe) throw new AppError("bad_request", "This provider has no model to test with.");
        await generateText({
          model: languageModel(conn, probe.name),
          prompt: "ping",
          maxOutputTokens: 1,
          maxRetries: 0,
          abortSignal: signal,
        });
        models = null;
      }
      result = { ok: true, models };
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      result = { ok: false, error: describeProviderFailure(err, { timedOut, host }).message };
    }
    await this.db.transaction(async (tx) => {
      await tx
        .update(aiIntegrations)
        .set({
          status: result.ok ? "connected" : "error",
          lastError: result.ok ? null : result.error,
          lastSyncAt: new Date(),
        })
        .where(eq(aiIntegrations.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_integration",
          entityId: id,
          action: "connection_tested",
          before: { status: row.status },
          after: { status: result.ok ? "connected" : "error", error: result.ok ? undefined : result.error },
        },
        ctx,
      );
    });
    return result;
  }

  /** Adds models an endpoint reports to the catalog, as custom models of this integration. */
  async addModels(id: string, input: unknown, ctx: RequestContext): Promise<number> {
    const { models } = parseInput(
      z.object({
        models: z.array(z.string().trim().min(1).max(200)).min(1, "Choose at least one model.").max(200),
      }),
      input,
    );
    const row = await this.loadChangeable(id);
    // A provider's built-in catalog models need no custom copy.
    const builtIn = new Set(
      (
        await this.db
          .select({ name: aiModels.name })
          .from(aiModels)
          .where(and(eq(aiModels.providerId, row.providerId), isNull(aiModels.integrationId)))
      ).map((m) => m.name),
    );
    const wanted = [...new Set(models)].filter((name) => !builtIn.has(name));
    if (wanted.length === 0) return 0;
    const added = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(aiModels)
        .values(
          wanted.map((name) => ({
            providerId: row.providerId,
            integrationId: id,
            name,
            displayName: name,
            type: /embed/i.test(name) ? ("embedding" as const) : ("chat" as const),
            isCustom: true,
            pricing: {},
          })),
        )
        .onConflictDoNothing()
        .returning({ id: aiModels.id });
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_integration",
          entityId: id,
          action: "models_added",
          after: { models },
        },
        ctx,
      );
      return inserted.length;
    });
    invalidateTargets(this.db);
    return added;
  }

  private async loadChangeable(id: string): Promise<AIIntegration> {
    const [row] = await this.db
      .select()
      .from(aiIntegrations)
      .where(and(eq(aiIntegrations.id, id), this.changeable()));
    if (!row) throw notFound("That integration");
    return row;
  }
}

/** Decrypts an integration's key and builds its connection with the right outbound policy. */
export async function connectionFor(db: Db, row: AIIntegration): Promise<ProviderConnection> {
  const shared = row.userId === null;
  const apiKey = row.credentialsEncrypted
    ? decryptSecret(row.credentialsEncrypted, SECRET_PURPOSE.integrationCredentials)
    : null;
  return {
    slug: row.platform as ProviderSlug,
    baseUrl: row.baseUrl,
    apiKey,
    ...clientsFor(await outboundPolicy(db, { shared })),
  };
}
