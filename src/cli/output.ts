import path from "node:path";
import type { Plan } from "../core/plan.js";
import { type AppError, ExitCode, type KeyNamer, StepError } from "../errors.js";
import type { Execution } from "../execute.js";
import { nameAsFlag } from "./flags.js";

export interface JsonReport {
  ok: boolean;
  template: string;
  directory: string;
  files: string[];
  steps: Execution["steps"];
  /** When each task really ran (ms from the start of the run); side-by-side tasks overlap. */
  tasks: Execution["tasks"];
  installer?: string;
  python?: string;
  warnings: string[];
  next: string[];
  error?: { kind: string; message: string; step?: string; command?: string; output?: string; hint?: string };
}

/** An error as --json reports it: its kind is its cause (usage, environment, step, …). */
export function errorJson(error: AppError, name: KeyNamer = nameAsFlag): NonNullable<JsonReport["error"]> {
  const hint = error.hintFor(name);
  const step = error instanceof StepError ? error : undefined;
  const stepOf = (error as { step?: string }).step;
  return {
    kind: error.kind,
    message: error.message,
    ...(stepOf ? { step: stepOf } : {}),
    ...(step?.command ? { command: step.command } : {}),
    ...(step?.outputTail ? { output: step.outputTail } : {}),
    ...(hint ? { hint } : {}),
  };
}

/**
 * The one way an error reaches the terminal: its message, a command's output when
 * there is one, and the hint. `signal` names what interrupted the run, if anything.
 */
export function errorText(error: AppError, signal?: string, name: KeyNamer = nameAsFlag): string {
  if (signal) return `${error.message.replace(/\.$/, "")} (${signal}); nothing this run created was left behind.\n`;
  const output = error instanceof StepError && error.outputTail ? `\n${error.outputTail}\n\n` : "";
  const prefix = error.exitCode === ExitCode.cancelled ? "" : "error: ";
  const hint = error.hintFor(name);
  return `${prefix}${error.message}\n${output}${hint ? `${hint}\n` : ""}`;
}

export function jsonReport(plan: Plan, execution: Execution): JsonReport {
  return {
    ok: !execution.error,
    template: plan.template,
    directory: plan.target,
    files: plan.files.map((f) => f.path),
    steps: execution.steps,
    tasks: execution.tasks,
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
  const rest = plan.next.filter((command) => command !== plan.enter && !execution.recovery.includes(command));
  return [plan.enter, ...execution.recovery, ...rest];
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
