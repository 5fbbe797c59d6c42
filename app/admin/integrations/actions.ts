"use server";

import { integrationActions } from "@/components/integrations/action-handlers";
import type { IntegrationEditInput, IntegrationFormInput } from "@/components/integrations/types";

/** Admin-shared integrations: every user may call models through them within their plan. */
const shared = integrationActions({ shared: true, revalidate: ["/admin/integrations", "/admin/models"] });

export async function createSharedIntegrationAction(input: IntegrationFormInput) {
  return shared.create(input);
}
export async function updateSharedIntegrationAction(input: IntegrationEditInput) {
  return shared.update(input);
}
export async function deleteSharedIntegrationAction(input: { id: string }) {
  return shared.remove(input);
}
export async function testSharedIntegrationAction(input: { id: string }) {
  return shared.test(input);
}
export async function addSharedIntegrationModelsAction(input: { id: string; models: string[] }) {
  return shared.addModels(input);
}
