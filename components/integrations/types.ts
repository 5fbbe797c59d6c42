import type { TestResult } from "@/lib/ai/integrations";
import type { ActionResult } from "@/lib/errors";

/** One integration as the page shows it: the key only as its masked hint, times already formatted. */
export type IntegrationItem = {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  shared: boolean;
  /** False for shared integrations on a user's page: shown, never changed. */
  canManage: boolean;
  keyHint: string | null;
  baseUrl: string | null;
  effectiveBaseUrl: string | null;
  status: "connected" | "disconnected" | "error";
  lastError: string | null;
  lastTested: string | null;
  usage: { requests: number; tokensIn: number; tokensOut: number; costUsd: string } | null;
  customModels: string[];
};

export type ProviderOption = {
  slug: string;
  name: string;
  defaultBaseUrl: string | null;
  keyOptional: boolean;
  needsBaseUrl: boolean;
  /** Models the built-in catalog already has for this provider. */
  builtInModels: string[];
};

export type IntegrationFormInput = { provider: string; name: string; apiKey: string; baseUrl: string };
export type IntegrationEditInput = { id: string; name: string; apiKey: string; baseUrl: string };

/** The server actions one integrations page works with (the user's own, or the admin-shared ones). */
export type IntegrationActionSet = {
  create: (input: IntegrationFormInput) => Promise<ActionResult<{ id: string }>>;
  update: (input: IntegrationEditInput) => Promise<ActionResult>;
  remove: (input: { id: string }) => Promise<ActionResult>;
  test: (input: { id: string }) => Promise<ActionResult<TestResult>>;
  addModels: (input: { id: string; models: string[] }) => Promise<ActionResult<number>>;
};
