import { type Plan, type PlannedStep, quoteForShell, type StepId } from "./core/plan.js";
import { installByHand, isLocked } from "./core/installByHand.js";
import { SHARED_FOLDER } from "./core/registry.js";
import { type AppError, CancelledError, isAppError, StepError } from "./errors.js";
import { type Enclosing, findEnclosingRepository, type GitOutcome, initRepository, stageInRepository } from "./effects/git.js";
import { inspectVenv, removeVenv } from "./effects/existingVenv.js";
import { discardProject, placeProject, type StagedProject, stageProject } from "./effects/projectWriter.js";
import {
  createVenv,
  detectInstaller,
  findPython,
  type Installer,
  installProject,
  type PythonInterpreter,
} from "./effects/python.js";
import { makeSecrets } from "./effects/secrets.js";
import { renderTree } from "./engine/renderTree.js";
import { createRenderer } from "./render/renderer.js";

export type StepStatus = "done" | "skipped" | "failed" | "cancelled" | "pending";

export interface StepResult {
  id: StepId;
  title: string;
  status: StepStatus;
  /** Time spent on the step's own work (its tasks), not waiting for others. */
  ms: number;
  detail?: string;
}

/**
 * One unit of work as it really ran, on one clock started with the run: tasks that
 * run side by side (the Python search, git in the staging folder) overlap here.
 */
export interface TaskTiming {
  id: "python" | "repository" | "render" | "stage" | "place" | StepId;
  /** Milliseconds from the start of the run to the task's start. */
  startedMs: number;
  ms: number;
  status: "done" | "failed";
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
  renderTree: typeof renderTree;
  stageProject: typeof stageProject;
  placeProject: typeof placeProject;
  discardProject: typeof discardProject;
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
  renderTree,
  stageProject,
  placeProject,
  discardProject,
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
  /** Every task with its real start and duration, in the order they started. */
  tasks: TaskTiming[];
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
 * Runs a plan. Work that depends on nothing else starts at once, side by side:
 * the Python search, the enclosing-repository lookup and rendering the files in
 * memory. The files step stages the tree, waits for the Python search (a missing
 * Python must leave nothing behind), and only then moves the files into place;
 * when the staging folder becomes the project, git commits in it meanwhile and
 * its .git moves with the files. After the files are in place, a failing step
 * stops the run but keeps them.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<Execution> {
  const effects = options.effects ?? realEffects;
  const { reporter, signal } = options;
  const execution: Execution = { steps: [], tasks: [], recovery: [], warnings: [], filesInPlace: false };
  const has = (id: StepId) => plan.steps.some((s) => s.id === id);
  const clockStart = performance.now();
  /** Runs one task and records when it really ran; a step's time is the sum of its own tasks. */
  const own: Partial<Record<StepId, number>> = {};
  const timed = async <T>(id: TaskTiming["id"], step: StepId | undefined, work: () => Promise<T>): Promise<T> => {
    const startedMs = Math.round(performance.now() - clockStart);
    const record = (status: TaskTiming["status"]) => {
      const ms = Math.round(performance.now() - clockStart) - startedMs;
      execution.tasks.push({ id, startedMs, ms, status });
      if (step) own[step] = (own[step] ?? 0) + ms;
    };
    try {
      const value = await work();
      record("done");
      return value;
    } catch (error) {
      record("failed");
      throw error;
    }
  };
  // Started now, awaited by the steps that need them; the catch only keeps an early
  // failure from being reported as unhandled before its step awaits it.
  const started = <T>(promise: Promise<T>) => (promise.catch(() => undefined), promise);

  const toolchain: Promise<{ python: PythonInterpreter; installer: Installer }> | undefined = has("venv")
    ? started(
        timed("python", undefined, async () => {
          const [python, installer] = await Promise.all([
            effects.findPython(plan.python, { explicit: options.python, platform: plan.platform, signal }),
            effects.detectInstaller(signal),
          ]);
          execution.python = python.executable;
          execution.installer = installer.kind;
          return { python, installer };
        }),
      )
    : undefined;

  // Inside another work tree (a monorepo, or --force into a repository) the
  // project is only staged there; elsewhere it gets a repository of its own.
  const paths = plan.files.map((file) => file.path);
  let where: Enclosing | undefined;
  const enclosing = has("git")
    ? started(timed("repository", undefined, async () => (where = await effects.findEnclosingRepository(plan.target, signal))))
    : undefined;

  // Secrets (an RSA key pair is ~0.1 s of prime search) and the renderer load side by side.
  const tree = started(
    timed("render", "files", async () => {
      const [renderer, secrets] = await Promise.all([effects.createRenderer([SHARED_FOLDER, plan.template]), effects.makeSecrets(plan.secrets)]);
      return effects.renderTree(plan, { secrets, renderer });
    }),
  );

  /** Set when git ran in the staging folder: the git step then reports its outcome. */
  let stagedGit: Promise<GitOutcome | Error | undefined> | undefined;
  const commitIn = (folder: string) =>
    timed("git", "git", () => effects.initRepository(folder, paths, plan.template, signal));

  const gitInTarget = async () => {
    const found = await enclosing!;
    return found.kind === "work-tree"
      ? timed("git", "git", () => effects.stageInRepository(plan.target, found.root, paths, signal))
      : commitIn(plan.target);
  };

  // Beside the user's files (--force) or in their repository, `git add --all` would take theirs too.
  const generated = [...new Set(plan.files.map((file) => file.path.split("/")[0]!))]
    .map((entry) => quoteForShell(entry, plan.platform))
    .join(" ");
  const uv = () => execution.installer === "uv";

  const tasks: Record<StepId, Task> = {
    files: {
      // A files step that fails leaves nothing, and the run ends with its error.
      recover: () => [],
      run: async () => {
        const staged: StagedProject = await timed("stage", "files", async () =>
          effects.stageProject(plan.target, await tree, { force: options.force, signal }),
        );
        if (enclosing && staged.movesWhole) {
          stagedGit = enclosing
            .then((found) => (found.kind === "work-tree" ? undefined : commitIn(staged.folder)))
            .catch((error: Error) => error);
        }
        // Both settle before the staging folder may be removed on a failure.
        const [found] = await Promise.allSettled([toolchain, stagedGit]);
        // A signal that stopped the search is reported as what the user was waiting for.
        if (signal?.aborted) {
          await effects.discardProject(staged);
          throw new CancelledError("Interrupted while writing files.", "files");
        }
        if (found.status === "rejected") {
          await effects.discardProject(staged);
          throw found.reason;
        }
        await timed("place", "files", () => effects.placeProject(staged, { signal }));
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
    // it settled when the files step waited for it.
    venv: {
      recover: (platform) => [
        platform === "win32" ? "rmdir /s /q .venv" : "rm -rf .venv",
        uv() ? "uv venv .venv" : platform === "win32" ? "py -3 -m venv .venv" : "python3 -m venv .venv",
      ],
      run: async () => {
        const { python, installer } = await toolchain!;
        return timed("venv", "venv", async () => {
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
        });
      },
    },
    install: {
      recover: (platform) => [
        platform === "win32" ? ".venv\\Scripts\\activate" : "source .venv/bin/activate",
        ...installByHand(uv() ? "uv" : "pip", isLocked(uv() ? "uv" : "pip", paths)),
      ],
      run: async () => {
        const { installer } = await toolchain!;
        await timed("install", "install", () =>
          effects.installProject(plan.target, installer, plan.platform, signal, (line) => reporter.output?.(line)),
        );
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
    let result: StepResult;
    try {
      const detail = await tasks[step.id].run();
      result = {
        id: step.id,
        title: step.title,
        status: detail === "skipped" ? "skipped" : "done",
        ms: own[step.id] ?? 0,
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
        ms: own[step.id] ?? 0,
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
