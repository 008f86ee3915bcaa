import path from "node:path";
import type { Plan } from "./core/plan.js";
import type { CancelledError, StepError, UserError } from "./errors.js";
import type { Execution } from "./execute.js";

export interface JsonReport {
  ok: boolean;
  template: string;
  directory: string;
  files: string[];
  steps: Execution["steps"];
  installer?: string;
  python?: string;
  warnings: string[];
  next: string[];
  error?: { kind: string; message: string; step?: string; command?: string; output?: string; hint?: string };
}

export function errorJson(error: StepError | CancelledError | UserError | Error): NonNullable<JsonReport["error"]> {
  const e = error as Partial<StepError>;
  return {
    kind: error.name,
    message: error.message,
    ...(e.step ? { step: e.step } : {}),
    ...(e.command ? { command: e.command } : {}),
    ...(e.outputTail ? { output: e.outputTail } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
  };
}

export function jsonReport(plan: Plan, execution: Execution): JsonReport {
  return {
    ok: !execution.error,
    template: plan.template,
    directory: plan.target,
    files: plan.files.map((f) => f.path),
    steps: execution.steps,
    ...(execution.installer ? { installer: execution.installer } : {}),
    ...(execution.python ? { python: execution.python } : {}),
    warnings: execution.warnings,
    next: nextCommands(plan, execution),
    ...(execution.error ? { error: errorJson(execution.error) } : {}),
  };
}

/**
 * After a failed or interrupted step, the next commands first finish by hand every
 * step that did not run (each task's own recovery), then go on with the plan's.
 */
function nextCommands(plan: Plan, execution: Execution): string[] {
  if (!execution.error) return plan.next;
  const [cd, ...rest] = plan.next;
  return [cd!, ...execution.recovery, ...rest.filter((command) => !execution.recovery.includes(command))];
}

export function humanSummary(plan: Plan, execution: Execution, cwd: string): string {
  const where = path.relative(cwd, plan.target) || ".";
  const lines: string[] = [];
  if (execution.error) {
    const step = execution.steps.find((s) => s.status === "failed" || s.status === "cancelled");
    const verb = step?.status === "cancelled" ? "was interrupted" : "failed";
    lines.push(`The project is in ${where}, but the "${step?.id}" step ${verb}.`);
  } else {
    lines.push(`Done. ${plan.data.name} (${plan.template}) is ready in ${where}.`);
  }
  lines.push("", "Next:");
  for (const command of nextCommands(plan, execution)) lines.push(`  ${command}`);
  return `${lines.join("\n")}\n`;
}

export function dryRunReport(plan: Plan) {
  return {
    dryRun: true,
    template: plan.template,
    directory: plan.target,
    files: plan.files.map((f) => ({ path: f.path, action: f.kind })),
    steps: plan.steps.map((s) => ({ id: s.id, title: s.title })),
    next: plan.next,
  };
}

export function humanDryRun(plan: Plan): string {
  const lines = [`Dry run: nothing will be written. ${plan.template} → ${plan.target}`, "", "Files:"];
  for (const f of plan.files) lines.push(`  ${f.kind === "render" ? "render" : f.kind === "copy" ? "copy  " : "write "} ${f.path}`);
  lines.push("", "Steps:");
  for (const s of plan.steps) lines.push(`  ${s.title}`);
  return `${lines.join("\n")}\n`;
}
