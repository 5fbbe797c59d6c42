import { CATALOG } from "@/lib/ai/catalog";
import type { IntegrationView } from "@/lib/ai/integrations";
import { formatDateTime } from "@/lib/format";
import type { IntegrationItem, ProviderOption } from "./types";

/** The provider choices of the "Add integration" form, in catalog order. */
export function providerOptions(): ProviderOption[] {
  return CATALOG.map((p) => ({
    slug: p.slug,
    name: p.name,
    defaultBaseUrl: p.defaultBaseUrl,
    keyOptional: p.keyOptional === true,
    needsBaseUrl: p.needsBaseUrl === true,
    builtInModels: p.models.map((m) => m.name),
  }));
}

/**
 * What a card may show of an integration. Read-only cards (a shared integration on a user's page)
 * leave out the key hint and the usage totals, which are the admin's business.
 */
export function toIntegrationItem(
  view: IntegrationView,
  opts: { timezone: string; canManage: boolean },
): IntegrationItem {
  const u = view.usageStats;
  return {
    id: view.id,
    name: view.name,
    provider: view.provider,
    providerName: view.providerName,
    shared: view.shared,
    canManage: opts.canManage,
    keyHint: opts.canManage ? view.keyHint : null,
    baseUrl: view.baseUrl,
    effectiveBaseUrl: view.effectiveBaseUrl,
    status: view.status,
    lastError: view.lastError,
    lastTested: view.lastSyncAt ? formatDateTime(view.lastSyncAt, opts.timezone) : null,
    usage: opts.canManage
      ? {
          requests: u.requests ?? 0,
          tokensIn: u.tokensIn ?? 0,
          tokensOut: u.tokensOut ?? 0,
          costUsd: u.costUsd ?? "0",
        }
      : null,
    customModels: view.customModels,
  };
}
