"use server";

import { serverActions } from "@/components/tools/action-handlers";
import type { ServerFormInput } from "@/components/tools/types";

const shared = serverActions({ shared: true, revalidate: ["/admin/tools", "/settings/tools"] });

export async function createServerAction(input: ServerFormInput) {
  return shared.create(input);
}
export async function updateServerAction(input: { id: string; enabled?: boolean; enabledTools?: string[] }) {
  return shared.update(input);
}
export async function refreshServerAction(input: { id: string }) {
  return shared.refresh(input);
}
export async function deleteServerAction(input: { id: string }) {
  return shared.remove(input);
}
