import type { Plan, PlannedStep, StepId } from "./core/plan.js";
import { installByHand, isLocked } from "./core/installByHand.js";
import { SHARED_FOLDER } from "./core/registry.js";
import { type AppError, CancelledError, isAppError, StepError } from "./errors.js";
import { type Enclosing, findEnclosingRepository, type GitOutcome, initRepository, stageInRepository } from "./effects/git.js";
import { inspectVenv, removeVenv } from "./effects/existingVenv.js";
import { readSource, type StagedProject, writeProject } from "./effects/projectWriter.js";
import {
  createVenv,
  detectInstaller,
  findPython,
  type Installer,
  installProject,
  type PythonInterpreter,
} from "./effects/python.js";
import { makeSecrets } from "./effects/secrets.js";
import { createRenderer } from "./render/renderer.js";

function quoteArgument(text: string, platform: NodeJS.Platform): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return platform === "win32" ? `"${text}"` : `'${text.replace(/'/g, `'\\''`)}'`;
}

export type StepStatus = "done" | "skipped" | "failed" | "cancelled" | "pending";

export interface StepResult {
  id: StepId;
  title: string;
  status: StepStatus;
  ms: number;
  detail?: string;
}

export interface Reporter {
  stepStarted(step: PlannedStep): void;
  stepFinished(result: StepResult): void;
  warn(message: string): void;
  /** A line a running step's command printed (the installer's progress). */
  output?(line: string): void;
}

/** The effects a run needs, as one object so tests can replace any of them. */
export interface Effects {
  findPython: typeof findPython;
  detectInstaller: typeof detectInstaller;
  writeProject: typeof writeProject;
  findEnclosingRepository: typeof findEnclosingRepository;
  initRepository: typeof initRepository;
  stageInRepository: typeof stageInRepository;
  inspectVenv: typeof inspectVenv;
  removeVenv: typeof removeVenv;
  createVenv: typeof createVenv;
  installProject: typeof installProject;
  makeSecrets: typeof makeSecrets;
  createRenderer: typeof createRenderer;
}

export const realEffects: Effects = {
  findPython,
  detectInstaller,
  writeProject,
  findEnclosingRepository,
  initRepository,
  stageInRepository,
  inspectVenv,
  removeVenv,
  createVenv,
  installProject,
  makeSecrets,
  createRenderer,
};

export interface ExecuteOptions {
  force: boolean;
  python?: string;
  signal?: AbortSignal;
  reporter: Reporter;
  effects?: Effects;
}

/** A step: how it runs, and the commands that finish it by hand when it did not. */
interface Task {
  run(): Promise<string | undefined>;
  recover(platform: NodeJS.Platform): string[];
}

export interface Execution {
  steps: StepResult[];
  /** After a failure: the commands that finish, by hand and in order, every step that did not complete. */
  recovery: string[];
  warnings: string[];
  installer?: Installer["kind"];
  python?: string;
  /** Set when a step failed or was interrupted; the files may already be in place. */
  error?: AppError;
  filesInPlace: boolean;
}

/**
 * Runs a plan's steps in order. Everything that can be checked before the files
 * are placed is (Python found, target writable), so most failures leave nothing.
 * After the files are in place, a failing step stops the run but keeps them.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<Execution> {
  const effects = options.effects ?? realEffects;
  const { reporter, signal } = options;
  const execution: Execution = { steps: [], recovery: [], warnings: [], filesInPlace: false };
  const has = (id: StepId) => plan.steps.some((s) => s.id === id);

  // Probing interpreters costs a few Python start-ups, so it runs while the files are
  // written, and they are moved into place only once it has succeeded: a missing
  // Python must leave nothing behind.
  const toolchain: Promise<{ python: PythonInterpreter; installer: Installer }> | undefined = has("venv")
    ? Promise.all([
        effects.findPython(plan.python, { explicit: options.python, platform: plan.platform, signal }),
        effects.detectInstaller(signal),
      ]).then(([python, installer]) => {
        execution.python = python.executable;
        execution.installer = installer.kind;
        return { python, installer };
      })
    : undefined;
  // Awaited by the files step; this only keeps an early failure there from being reported as unhandled.
  toolchain?.catch(() => undefined);

  // Inside another work tree (a monorepo, or --force into a repository) the
  // project is only staged there; elsewhere it gets a repository of its own.
  const paths = plan.files.map((file) => file.path);
  let where: Enclosing | undefined;
  const enclosing = has("git")
    ? effects.findEnclosingRepository(plan.target, signal).then((found) => (where = found))
    : undefined;
  enclosing?.catch(() => undefined); // awaited by the files or git step

  // Committing does not depend on Python: when everything staged becomes the
  // project, git runs in the staging folder meanwhile and its .git moves with the
  // files; its outcome, failure included, is reported by the git step.
  let stagedGit: Promise<GitOutcome | Error | undefined> | undefined;
  const beforePlace = async (staged: StagedProject) => {
    if (enclosing && staged.movesWhole) {
      stagedGit = enclosing
        .then((found) => (found.kind === "work-tree" ? undefined : effects.initRepository(staged.folder, paths, plan.template, signal)))
        .catch((error: Error) => error);
    }
    // Both settle before the writer may remove the staging folder on a failure.
    const [found] = await Promise.allSettled([toolchain, stagedGit]);
    if (found.status === "rejected") throw found.reason;
  };

  const gitInTarget = async () => {
    const found = await enclosing!;
    return found.kind === "work-tree"
      ? effects.stageInRepository(plan.target, found.root, paths, signal)
      : effects.initRepository(plan.target, paths, plan.template, signal);
  };

  // Beside the user's files (--force) or in their repository, `git add --all` would take theirs too.
  const generated = [...new Set(plan.files.map((file) => file.path.split("/")[0]!))]
    .map((entry) => quoteArgument(entry, plan.platform))
    .join(" ");
  const uv = () => execution.installer === "uv";

  const tasks: Record<StepId, Task> = {
    files: {
      // A files step that fails leaves nothing, and the run ends with its error.
      recover: () => [],
      run: async () => {
        // Only rendered files wait for these, so the copies are written while an RSA
        // key pair (~0.1 s, a random prime search) is generated.
        const renderer = effects.createRenderer([SHARED_FOLDER, plan.template]);
        const data = effects.makeSecrets(plan.secrets).then((secrets) => ({ ...plan.data, secrets }));
        for (const pending of [renderer, data]) pending.catch(() => undefined); // awaited below, or not needed
        await effects.writeProject(
          plan.target,
          plan.files,
          async (file) =>
            file.kind === "render" ? (await renderer).render(await readSource(file), await data, file.path) : readSource(file),
          { force: options.force, signal, beforePlace },
        );
        execution.filesInPlace = true;
        return undefined;
      },
    },
    git: {
      recover: () => {
        if (where?.kind === "work-tree") return [`git add -- ${generated}`];
        const add = options.force ? `git add -- ${generated}` : "git add --all";
        return [`git init && ${add} && git commit -m "Initial commit"`];
      },
      run: async () => {
        const outcome = (await stagedGit) ?? (await gitInTarget());
        if (outcome instanceof Error) throw outcome;
        if (outcome.status === "skipped") {
          execution.warnings.push(outcome.reason);
          reporter.warn(outcome.reason);
          return "skipped";
        }
        return undefined;
      },
    },
    // The venv and install steps exist only with the venv step, so toolchain is set;
    // it settled when writeProject waited for it.
    venv: {
      recover: (platform) => [
        platform === "win32" ? "rmdir /s /q .venv" : "rm -rf .venv",
        uv() ? "uv venv .venv" : platform === "win32" ? "py -3 -m venv .venv" : "python3 -m venv .venv",
      ],
      run: async () => {
        const { python, installer } = await toolchain!;
        const existing = await effects.inspectVenv(plan.target, plan.python, installer, plan.platform, signal);
        if (existing.kind === "usable") return `reused the existing .venv (${existing.version})`;
        if (existing.kind === "unusable") {
          throw new StepError(
            `${plan.target} already has a .venv, but ${existing.reason}; it was left as it is.`,
            "venv",
            "inspect .venv",
            "",
            "Remove that .venv (or fix it), then finish with the commands below.",
          );
        }
        // A half-made environment is worse than none: what this run started goes.
        await effects.createVenv(plan.target, python, installer, signal, (line) => reporter.output?.(line)).catch(async (error: unknown) => {
          await effects.removeVenv(plan.target).catch(() => undefined);
          throw error;
        });
        return installer.kind === "uv" ? "uv" : `python -m venv (${python.version.join(".")})`;
      },
    },
    install: {
      recover: (platform) => [
        platform === "win32" ? ".venv\\Scripts\\activate" : "source .venv/bin/activate",
        ...installByHand(uv() ? "uv" : "pip", isLocked(uv() ? "uv" : "pip", paths)),
      ],
      run: async () => {
        const { installer } = await toolchain!;
        await effects.installProject(plan.target, installer, plan.platform, signal, (line) => reporter.output?.(line));
        const locked = isLocked(installer.kind, paths);
        return `${installer.kind === "uv" ? (locked ? "uv sync" : "uv pip") : "pip"}${locked ? ", from the lock" : ""}`;
      },
    },
  };

  for (const step of plan.steps) {
    if (execution.error) {
      execution.steps.push({ id: step.id, title: step.title, status: "pending", ms: 0 });
      continue;
    }
    reporter.stepStarted(step);
    const started = performance.now();
    let result: StepResult;
    try {
      const detail = await tasks[step.id].run();
      result = {
        id: step.id,
        title: step.title,
        status: detail === "skipped" ? "skipped" : "done",
        ms: Math.round(performance.now() - started),
        ...(detail && detail !== "skipped" ? { detail } : {}),
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      // Before the files are in place nothing is left behind, so a refusal there is a plain error.
      if (!execution.filesInPlace) throw error;
      execution.error = error;
      result = {
        id: step.id,
        title: step.title,
        status: error instanceof CancelledError ? "cancelled" : "failed",
        ms: Math.round(performance.now() - started),
        detail: error.message,
      };
    }
    execution.steps.push(result);
    reporter.stepFinished(result);
  }
  if (execution.error) {
    const unfinished = execution.steps.filter((s) => s.status !== "done" && s.status !== "skipped");
    execution.recovery = unfinished.flatMap((s) => tasks[s.id].recover(plan.platform));
  }
  return execution;
}
