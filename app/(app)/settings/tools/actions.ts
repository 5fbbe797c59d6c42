"use server";

import { serverActions } from "@/components/tools/action-handlers";
import type { ServerFormInput } from "@/components/tools/types";

const own = serverActions({ shared: false, revalidate: ["/settings/tools"] });

export async function createServerAction(input: ServerFormInput) {
  return own.create(input);
}
export async function updateServerAction(input: { id: string; enabled?: boolean; enabledTools?: string[] }) {
  return own.update(input);
}
export async function refreshServerAction(input: { id: string }) {
  return own.refresh(input);
}
export async function deleteServerAction(input: { id: string }) {
  return own.remove(input);
}
