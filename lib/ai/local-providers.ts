import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { aiIntegrations, aiModels, type ProviderSlug } from "@/db/schema";
import type { RequestContext } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { AppError, parseInput } from "@/lib/errors";
import { clientsFor, outboundPolicy } from "@/lib/net/policy";
import { IntegrationModel, type IntegrationView } from "./integrations";
import { invalidateUsableModels } from "./models";

/**
 * Model servers that commonly run next to a self-hosted Prism, found by a short server-side probe
 * so the first-run guide can connect one in a click: Ollama (native listing at /api/tags, OpenAI
 * wire at /v1) and LM Studio (OpenAI wire at /v1). Both become admin-shared integrations, which may
 * reach loopback (lib/net/policy.ts).
 */
export type LocalServer = {
  kind: "ollama" | "lmstudio";
  label: string;
  /** The integration type it becomes. */
  provider: ProviderSlug;
  /** The server's root, e.g. http://127.0.0.1:11434. */
  url: string;
  /** Where it lists its models; the answer's shape depends on the kind. */
  listPath: string;
};

export const LOCAL_SERVER_KINDS = ["ollama", "lmstudio"] as const;

/** The usual addresses; PRISM_OLLAMA_URL and PRISM_LMSTUDIO_URL move them (a server in another container). */
export function localServers(env: Record<string, string | undefined> = process.env): LocalServer[] {
  const root = (url: string | undefined, fallback: string) => (url || fallback).replace(/\/+$/, "");
  return [
    {
      kind: "ollama",
      label: "Ollama",
      provider: "ollama",
      url: root(env.PRISM_OLLAMA_URL, "http://127.0.0.1:11434"),
      listPath: "/api/tags",
    },
    {
      kind: "lmstudio",
      label: "LM Studio",
      provider: "openai-compatible",
      url: root(env.PRISM_LMSTUDIO_URL, "http://127.0.0.1:1234"),
      listPath: "/v1/models",
    },
  ];
}

export const PROBE_TIMEOUT_MS = 1_500;

export type ProbeResult = {
  kind: LocalServer["kind"];
  label: string;
  url: string;
  /** The base URL the integration gets (the OpenAI-compatible endpoint). */
  baseUrl: string;
  found: boolean;
  models: string[];
  /** Already connected as a shared integration. */
  integrationId: string | null;
};

const listings = z.object({
  models: z.array(z.object({ name: z.string().optional(), model: z.string().optional() })).optional(),
  data: z.array(z.object({ id: z.string() })).optional(),
});

async function probe(
  db: Db,
  server: LocalServer,
  timeoutMs: number,
): Promise<{ found: boolean; models: string[] }> {
  const { fetch } = clientsFor(await outboundPolicy(db, { shared: true }));
  try {
    const res = await fetch(`${server.url}${server.listPath}`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    if (!res.ok) return { found: false, models: [] };
    const body = listings.safeParse(await res.json());
    if (!body.success) return { found: false, models: [] };
    const names =
      server.kind === "ollama"
        ? (body.data.models?.map((m) => m.name ?? m.model ?? "") ?? null)
        : (body.data.data?.map((m) => m.id) ?? null);
    if (names === null) return { found: false, models: [] };
    return { found: true, models: [...new Set(names.filter(Boolean))].sort() };
  } catch {
    // Nothing listening, refused by the outbound policy, or too slow: not detected.
    return { found: false, models: [] };
  }
}

/** Probes every local server at once (each for at most `timeoutMs`). Admins only. */
export async function detectLocalServers(
  db: Db,
  actor: Actor,
  servers: readonly LocalServer[] = localServers(),
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult[]> {
  requireAdmin(actor);
  const existing = await db
    .select({ id: aiIntegrations.id, baseUrl: aiIntegrations.baseUrl, platform: aiIntegrations.platform })
    .from(aiIntegrations)
    .where(inArray(aiIntegrations.platform, ["ollama", "openai-compatible"]));
  return Promise.all(
    servers.map(async (server) => {
      const found = await probe(db, server, timeoutMs);
      const baseUrl = `${server.url}/v1`;
      const connected = existing.find((i) => i.platform === server.provider && i.baseUrl === baseUrl);
      return {
        kind: server.kind,
        label: server.label,
        url: server.url,
        baseUrl,
        ...found,
        integrationId: connected?.id ?? null,
      };
    }),
  );
}

export type ConnectedLocal = {
  integration: IntegrationView;
  created: boolean;
  /** Its chat models in the catalog (what the guide offers as defaults). */
  models: { id: string; name: string }[];
};

const connectInput = z.object({ kind: z.enum(LOCAL_SERVER_KINDS, { error: "Choose Ollama or LM Studio." }) });

/**
 * One click: probes the server again, creates (or reuses) an admin-shared integration of the right
 * type at its address, adds the models it reports to the catalog and tests the connection. Every
 * step is audited by IntegrationModel.
 */
export async function connectLocalServer(
  db: Db,
  actor: Actor,
  input: unknown,
  ctx: RequestContext,
  servers: readonly LocalServer[] = localServers(),
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ConnectedLocal> {
  requireAdmin(actor);
  const { kind } = parseInput(connectInput, input);
  const server = servers.find((s) => s.kind === kind);
  if (!server) throw new AppError("bad_request", "That local server is not configured.");
  const found = await probe(db, server, timeoutMs);
  if (!found.found)
    throw new AppError(
      "bad_request",
      `No ${server.label} answered at ${server.url}. Start it (${kind === "ollama" ? "ollama serve" : "LM Studio → Developer → Start server"}) and try again.`,
    );
  const integrations = new IntegrationModel(db, actor);
  const baseUrl = `${server.url}/v1`;
  const [existing] = await db
    .select({ id: aiIntegrations.id })
    .from(aiIntegrations)
    .where(and(eq(aiIntegrations.platform, server.provider), eq(aiIntegrations.baseUrl, baseUrl)));
  const created = !existing;
  const id =
    existing?.id ??
    (
      await integrations.create(
        { provider: server.provider, name: `${server.label} (local)`, baseUrl },
        { shared: true },
        ctx,
      )
    ).id;
  if (found.models.length) await integrations.addModels(id, { models: found.models }, ctx);
  await integrations.test(id, ctx);
  invalidateUsableModels(db);
  const models = found.models.length
    ? await db
        .select({ id: aiModels.id, name: aiModels.name })
        .from(aiModels)
        .where(
          and(
            eq(aiModels.integrationId, id),
            eq(aiModels.type, "chat"),
            inArray(aiModels.name, found.models),
          ),
        )
    : [];
  models.sort((a, b) => a.name.localeCompare(b.name));
  return { integration: await integrations.get(id), created, models };
}
