import type { StepConfigs } from "@/lib/workflows/definition";
import { type StepContext, StepFailure, type StepOutcome } from "@/lib/workflows/steps";
import { maskSecrets, renderText } from "@/lib/workflows/template";
import { callAgent } from "./call";
import { AgentModel } from "./store";

/**
 * The workflow `agent` step: sends the rendered input to one of the owner's agents and outputs
 * its answer. A failure that may pass (network, timeout, 429, 5xx) is offered to the step's retry
 * policy; the same webhook-id on each attempt of the epoch lets the agent drop a repeat.
 */
export async function agentStep(ctx: StepContext, c: StepConfigs["agent"]): Promise<StepOutcome> {
  const agent = await new AgentModel(ctx.db, ctx.actor).row(c.agentId).catch(() => null);
  if (!agent) throw new StepFailure("The agent does not exist or is not yours.", null);
  if (!agent.enabled) throw new StepFailure(`The agent @${agent.handle} is disabled.`, null);
  const text = renderText(c.input, ctx.scope);
  const input = maskSecrets({ agent: `@${agent.handle}`, input: text }, ctx.scope.secrets);
  const result = await callAgent(
    ctx.db,
    agent,
    { event: "workflow.step", input: text, runId: ctx.run.id },
    { signal: ctx.signal, messageId: `run_${ctx.run.id}_${ctx.step.id}_${ctx.run.attempt}` },
  );
  if (!result.ok) {
    const kind =
      result.status === 429
        ? "429"
        : (result.status ?? 0) >= 500
          ? "5xx"
          : result.retryable
            ? "network"
            : null;
    throw new StepFailure(`@${agent.handle}: ${result.error}`, kind, undefined, input);
  }
  return {
    kind: "done",
    input,
    output: maskSecrets(result.text, ctx.scope.secrets),
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    detail: { agent: agent.handle, status: result.status, latencyMs: result.latencyMs },
  };
}
