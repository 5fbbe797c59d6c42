import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";
import { getDb } from "@/db/client";
import { ApiKeyModel } from "@/lib/api-keys/keys";
import { requireUser } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await requireUser();
  const keys = await new ApiKeyModel(await getDb(), user).list();
  const h = await headers();
  const baseUrl = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const now = Date.now();
  return (
    <ApiKeysPanel
      baseUrl={baseUrl}
      keys={keys.map((k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scopes: k.scopes,
        rateLimit: k.rateLimit,
        lastUsed: k.lastUsedAt ? formatDateTime(k.lastUsedAt, user.timezone) : null,
        expires: k.expiresAt ? formatDateTime(k.expiresAt, user.timezone) : null,
        monthlyBudgetUsd: k.monthlyBudgetUsd,
        revoked: k.revokedAt !== null,
        expired: k.expiresAt !== null && k.expiresAt.getTime() <= now,
        created: formatDateTime(k.createdAt, user.timezone),
      }))}
    />
  );
}
