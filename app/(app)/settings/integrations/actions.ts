"use server";

import { integrationActions } from "@/components/integrations/action-handlers";
import type { IntegrationEditInput, IntegrationFormInput } from "@/components/integrations/types";

const own = integrationActions({ shared: false, revalidate: ["/settings/integrations"] });

export async function createIntegrationAction(input: IntegrationFormInput) {
  return own.create(input);
}
export async function updateIntegrationAction(input: IntegrationEditInput) {
  return own.update(input);
}
export async function deleteIntegrationAction(input: { id: string }) {
  return own.remove(input);
}
export async function testIntegrationAction(input: { id: string }) {
  return own.test(input);
}
export async function addIntegrationModelsAction(input: { id: string; models: string[] }) {
  return own.addModels(input);
}
