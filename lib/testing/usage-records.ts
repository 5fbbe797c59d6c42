import type { UsageRecord } from "@/lib/usage/rollup";

/** A successful chat call's usage record, for tests that write usage through the real writer. */
export function usageRecord(
  over: Partial<UsageRecord> & Pick<UsageRecord, "userId" | "createdAt">,
): UsageRecord {
  return {
    apiKeyId: null,
    providerId: null,
    modelId: null,
    providerSlug: "openai",
    modelName: "m",
    integrationId: null,
    integrationShared: false,
    conversationId: null,
    messageId: null,
    workflowRunId: null,
    templateId: null,
    sessionId: null,
    requestType: "chat",
    tokensIn: 100,
    tokensOut: 50,
    tokensCached: 0,
    cost: "0.001000",
    credits: 0,
    latencyMs: 150,
    ttftMs: 40,
    status: "success",
    errorMessage: null,
    estimated: false,
    metadata: {},
    ...over,
  };
}
