"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { modelRef } from "@/lib/ai/model-ref";
import { usableModels } from "@/lib/ai/models";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction, toAppError } from "@/lib/errors";
import type { DefinitionIssue } from "@/lib/workflows/definition";
import { WorkflowRunsModel } from "@/lib/workflows/runs";
import { getQueue } from "@/lib/workflows/runtime";
import { WorkflowModel } from "@/lib/workflows/store";
import { starterExample } from "./starter";

async function workflows() {
  const actor = await requireActor();
  return new WorkflowModel(await getDb(), actor);
}

async function runs() {
  const actor = await requireActor();
  return new WorkflowRunsModel(await getDb(), actor, await getQueue());
}

const refresh = (id?: string) => {
  revalidatePath("/workflows");
  if (id) revalidatePath(`/workflows/${id}`);
};

/** Creates a workflow: the ready example (with the user's first usable model, if any) or the starter. */
export async function createWorkflowAction(input: {
  name: string;
  example?: boolean;
}): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const db = await getDb();
    const model = new WorkflowModel(db, actor);
    let definition: unknown;
    if (input.example) {
      const first = (await usableModels(db, actor, { type: "chat" })).find((m) => m.type === "chat");
      definition = starterExample(first ? modelRef(first) : null);
    }
    const wf = await model.create(
      { name: String(input.name ?? ""), definition },
      await currentRequestContext(),
    );
    refresh();
    return { id: wf.id };
  });
}

export type SaveResult =
  | { ok: true; data: { version: number; changed: boolean } }
  | { ok: false; error: { message: string; field?: string }; issues: DefinitionIssue[] };

/** Publishes the graph as a new version; validation problems come back with every issue, for markers. */
export async function saveWorkflowAction(
  id: string,
  input: { definition: unknown; changelog?: string | null },
): Promise<SaveResult> {
  try {
    const model = await workflows();
    const data = await model.save(String(id), input, await currentRequestContext());
    refresh(id);
    return { ok: true, data };
  } catch (err) {
    const e = toAppError(err);
    const issues = (e.details?.issues as DefinitionIssue[] | undefined) ?? [];
    return { ok: false, error: { message: e.message, field: e.field }, issues };
  }
}

export async function restoreVersionAction(
  id: string,
  version: number,
): Promise<ActionResult<{ version: number; changed: boolean }>> {
  return runAction(async () => {
    const model = await workflows();
    const r = await model.restore(String(id), Number(version), await currentRequestContext());
    refresh(id);
    return { version: r.version, changed: r.changed };
  });
}

export async function updateSettingsAction(id: string, input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const model = await workflows();
    await model.updateSettings(String(id), input, await currentRequestContext());
    refresh(id);
    return undefined;
  });
}

export async function setStatusAction(
  id: string,
  status: "active" | "paused" | "archived",
): Promise<ActionResult> {
  return runAction(async () => {
    const model = await workflows();
    await model.setStatus(String(id), status, await currentRequestContext());
    refresh(id);
    return undefined;
  });
}

export async function duplicateWorkflowAction(id: string): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const model = await workflows();
    const copy = await model.duplicate(String(id), await currentRequestContext());
    refresh();
    return { id: copy.id };
  });
}

export async function deleteWorkflowAction(id: string): Promise<ActionResult> {
  return runAction(async () => {
    const model = await workflows();
    await model.remove(String(id), await currentRequestContext());
    refresh();
    return undefined;
  });
}

export async function setScheduleAction(
  id: string,
  input: { cron: string; timezone: string; enabled: boolean } | null,
): Promise<ActionResult<{ nextFireTimes: string[] }>> {
  return runAction(async () => {
    const model = await workflows();
    const r = await model.setSchedule(String(id), input, await currentRequestContext());
    refresh(id);
    return { nextFireTimes: r.nextFireTimes.map((d) => d.toISOString()) };
  });
}

export async function setWebhookAction(id: string, enabled: boolean, rotate = false): Promise<ActionResult> {
  return runAction(async () => {
    const model = await workflows();
    await model.setWebhook(String(id), !!enabled, await currentRequestContext(), { rotate: !!rotate });
    refresh(id);
    return undefined;
  });
}

/** The signing secret, only when the owner asks to reveal or copy it. */
export async function revealWebhookSecretAction(
  id: string,
): Promise<ActionResult<{ secret: string | null }>> {
  return runAction(async () => {
    const model = await workflows();
    return { secret: await model.webhookSecret(String(id)) };
  });
}

export async function setApiTriggerAction(id: string, enabled: boolean): Promise<ActionResult> {
  return runAction(async () => {
    const model = await workflows();
    await model.setApiTrigger(String(id), !!enabled, await currentRequestContext());
    refresh(id);
    return undefined;
  });
}

export async function setSecretsAction(
  id: string,
  changes: Record<string, string | null>,
): Promise<ActionResult<{ names: string[] }>> {
  return runAction(async () => {
    const model = await workflows();
    const names = await model.setSecrets(String(id), changes, await currentRequestContext());
    refresh(id);
    return { names };
  });
}

export async function startRunAction(id: string, input: unknown): Promise<ActionResult<{ runId: string }>> {
  return runAction(async () => {
    const model = await runs();
    const { run } = await model.start(String(id), input, { trigger: "manual" });
    refresh(id);
    return { runId: run.id };
  });
}

/** What the run page polls while a run is under way. */
export async function runDetailAction(runId: string) {
  return runAction(async () => {
    const model = await runs();
    return model.detail(String(runId));
  });
}

export async function cancelRunAction(runId: string): Promise<ActionResult> {
  return runAction(async () => {
    const model = await runs();
    await model.cancel(String(runId), await currentRequestContext());
    return undefined;
  });
}

export async function resumeRunAction(
  runId: string,
  version: "pinned" | "current",
): Promise<ActionResult<{ attempt: number }>> {
  return runAction(async () => {
    const model = await runs();
    const r = await model.resume(String(runId), version, await currentRequestContext());
    return { attempt: r.attempt };
  });
}

export async function rerunAction(
  runId: string,
  fromStep: string | null,
): Promise<ActionResult<{ runId: string }>> {
  return runAction(async () => {
    const model = await runs();
    const next = await model.rerun(
      String(runId),
      fromStep ? String(fromStep) : null,
      await currentRequestContext(),
    );
    return { runId: next.id };
  });
}
