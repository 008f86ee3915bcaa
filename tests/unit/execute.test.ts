import { describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/core/answers.js";
import { deriveNames } from "../../src/core/names.js";
import { type Plan, planProject } from "../../src/core/plan.js";
import { CancelledError, StepError, UserError } from "../../src/errors.js";
import { renderTree } from "../../src/engine/renderTree.js";
import { type Effects, executePlan } from "../../src/execute.js";
import { silentReporter } from "../helpers/generate.js";
import { manifestFixture } from "../helpers/manifests.js";

function plan(settings = { git: true, venv: true, install: true }, platform: NodeJS.Platform = "linux"): Plan {
  const manifest = manifestFixture();
  const answers = resolveAnswers(manifest, { directory: "proj" });
  return planProject({
    manifest,
    answers,
    names: deriveNames("/work", "proj"),
    sources: { "_shared/files": [], "_shared/license/MIT": [], files: [], "optional/docker": [], "optional/postgres": [] },
    settings,
    generatorVersion: "1.0.0",
    year: 2026,
    platform,
  });
}

/** Records what ran; each effect can be replaced to fail. */
function fakeEffects(overrides: Partial<Effects> = {}, movesWhole = true) {
  const calls: string[] = [];
  const effects: Effects = {
    findPython: async () => (calls.push("findPython"), { command: "python3", args: [], executable: "/usr/bin/python3", version: [3, 11] }),
    detectInstaller: async () => (calls.push("detectInstaller"), { kind: "pip" }),
    renderTree: async (p) => new Map(p.files.map((f) => [f.path, { bytes: new Uint8Array(), mode: f.mode }])),
    // A new target moves whole: what is made in its staging folder arrives with the files.
    stageProject: async (target, tree) => {
      calls.push("staged");
      return { target, folder: "/work/.proj.staging", movesWhole, place: movesWhole ? "rename" : "links", paths: [...tree.keys()], createdParents: [] };
    },
    placeProject: async () => void calls.push("placed"),
    discardProject: async () => void calls.push("discarded"),
    findEnclosingRepository: async () => ({ kind: "none" }),
    initRepository: async (folder) => (calls.push(`git in ${folder}`), { status: "committed" }),
    stageInRepository: async (target, root) => (calls.push(`staged in ${root} for ${target}`), { status: "skipped", reason: "staged" }),
    inspectVenv: async () => ({ kind: "missing" }),
    removeVenv: async () => void calls.push("removeVenv"),
    createVenv: async () => void calls.push("venv"),
    installProject: async () => void calls.push("install"),
    makeSecrets: async () => ({ secretKey: "s" }),
    createRenderer: async () => ({ render: async (s) => s }),
    ...overrides,
  };
  return { effects, calls };
}

describe("executePlan", () => {
  it("looks for Python while writing, commits in the staging folder, then runs the rest in order", async () => {
    const { effects, calls } = fakeEffects();
    const execution = await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    expect(calls).toEqual(["findPython", "detectInstaller", "staged", "git in /work/.proj.staging", "placed", "venv", "install"]);
    expect(execution.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["files:done", "git:done", "venv:done", "install:done"]);
    expect(execution.error).toBeUndefined();
  });

  it("commits in the project itself when the files are added to an existing folder", async () => {
    const { effects, calls } = fakeEffects({}, false);
    const p = plan();
    await executePlan(p, { force: true, reporter: silentReporter, effects });
    expect(calls).toEqual(["findPython", "detectInstaller", "staged", "placed", `git in ${p.target}`, "venv", "install"]);
  });

  it("keeps the files when git fails in the staging folder, and reports it as the git step", async () => {
    const { effects, calls } = fakeEffects({
      initRepository: async () => {
        throw new StepError("git broke", "git", "git commit", "hook said no");
      },
    });
    const execution = await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    expect(calls).toContain("placed");
    expect(execution.filesInPlace).toBe(true);
    expect(execution.error).toMatchObject({ message: "git broke", step: "git" });
    expect(execution.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["files:done", "git:failed", "venv:pending", "install:pending"]);
  });

  it("waits for a staged commit to finish before giving up on a missing Python", async () => {
    let gitDone = false;
    let pythonFailed!: () => void;
    const failed = new Promise<void>((resolve) => (pythonFailed = resolve));
    const { effects, calls } = fakeEffects({
      findPython: async () => {
        pythonFailed();
        throw new UserError("No Python 3.11 or newer was found.");
      },
      initRepository: async () => {
        // git is still busy in the staging folder when the search gives up.
        await failed;
        gitDone = true;
        return { status: "committed" };
      },
      discardProject: async () => void calls.push(`discarded after git: ${gitDone}`),
    });
    await expect(executePlan(plan(), { force: false, reporter: silentReporter, effects })).rejects.toThrow(/No Python/);
    expect(calls, "the staging folder is removed only after git let go of it").toContain("discarded after git: true");
    expect(calls).not.toContain("placed");
  });

  it("times each task as it really ran: the files step does not count the wait for Python", async () => {
    const { effects } = fakeEffects({
      // A slow search, as with pyenv shims that each take a Python start-up to fail.
      findPython: async () => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return { command: "python3", args: [], executable: "/usr/bin/python3", version: [3, 11] };
      },
    });
    const execution = await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    const task = (id: string) => execution.tasks.find((t) => t.id === id)!;
    expect(execution.tasks.map((t) => t.id).sort()).toEqual(["git", "install", "place", "python", "render", "repository", "stage", "venv"]);
    expect(task("python").ms).toBeGreaterThanOrEqual(55);
    // Python, the repository lookup and the render start together; git commits before the move.
    expect(task("python").startedMs).toBeLessThanOrEqual(task("stage").startedMs);
    expect(task("git").startedMs).toBeLessThan(task("place").startedMs);
    expect(task("place").startedMs).toBeGreaterThanOrEqual(task("python").startedMs + task("python").ms);
    const step = (id: string) => execution.steps.find((s) => s.id === id)!;
    expect(step("files").ms).toBe(task("render").ms + task("stage").ms + task("place").ms);
    expect(step("files").ms).toBeLessThan(task("python").ms);
    expect(step("git").ms).toBe(task("git").ms);
  });

  it("refuses before placing any file when no suitable Python exists", async () => {
    const { effects, calls } = fakeEffects({
      findPython: async () => {
        throw new UserError("No Python 3.11 or newer was found.");
      },
    });
    await expect(executePlan(plan(), { force: false, reporter: silentReporter, effects })).rejects.toThrow(/No Python/);
    expect(calls).not.toContain("placed");
  });

  it("does not look for Python when no venv is wanted", async () => {
    const { effects, calls } = fakeEffects();
    await executePlan(plan({ git: false, venv: false, install: false }), { force: false, reporter: silentReporter, effects });
    expect(calls).toEqual(["staged", "placed"]);
  });

  it("keeps the files and stops at a failing step, marking the rest pending", async () => {
    const { effects } = fakeEffects({
      createVenv: async () => {
        throw new StepError("venv broke", "venv", "python3 -m venv .venv", "tail");
      },
    });
    const execution = await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    expect(execution.filesInPlace).toBe(true);
    expect(execution.error).toBeInstanceOf(StepError);
    expect(execution.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["files:done", "git:done", "venv:failed", "install:pending"]);
  });

  it("reports an interrupted step as cancelled", async () => {
    const { effects } = fakeEffects({
      installProject: async () => {
        throw new CancelledError("Interrupted during install.", "install");
      },
    });
    const execution = await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    expect(execution.error).toBeInstanceOf(CancelledError);
    expect(execution.steps.at(-1)).toMatchObject({ id: "install", status: "cancelled" });
  });

  it("turns a skipped git commit into a warning, not a failure", async () => {
    const warnings: string[] = [];
    const { effects } = fakeEffects({ initRepository: async () => ({ status: "skipped", reason: "no identity" }) });
    const execution = await executePlan(plan(), { force: false, reporter: { ...silentReporter, warn: (m) => warnings.push(m) }, effects });
    expect(execution.error).toBeUndefined();
    expect(execution.warnings).toEqual(["no identity"]);
    expect(warnings).toEqual(["no identity"]);
    expect(execution.steps[1]).toMatchObject({ id: "git", status: "skipped" });
  });

  it("inside another work tree, makes no repository and stages the files there once placed", async () => {
    const { effects, calls } = fakeEffects({ findEnclosingRepository: async () => ({ kind: "work-tree", root: "/work" }) });
    const p = plan();
    const execution = await executePlan(p, { force: false, reporter: silentReporter, effects });
    expect(calls.filter((c) => c.startsWith("git in"))).toEqual([]);
    expect(calls.indexOf(`staged in /work for ${p.target}`)).toBeGreaterThan(calls.indexOf("placed"));
    expect(execution.steps[1]).toMatchObject({ id: "git", status: "skipped" });
    expect(execution.warnings).toEqual(["staged"]);
  });

  it("removes a virtual environment it could not finish", async () => {
    const { effects, calls } = fakeEffects({
      createVenv: async () => {
        throw new CancelledError("Interrupted during venv.", "venv");
      },
    });
    await executePlan(plan(), { force: false, reporter: silentReporter, effects });
    expect(calls).toContain("removeVenv");
  });

  it("reuses a usable .venv and reports one it cannot use, creating neither", async () => {
    const reused = fakeEffects({ inspectVenv: async () => ({ kind: "usable", version: "3.12" }) });
    const first = await executePlan(plan(), { force: true, reporter: silentReporter, effects: reused.effects });
    expect(first.steps[2]).toMatchObject({ id: "venv", status: "done", detail: "reused the existing .venv (3.12)" });
    expect(reused.calls).not.toContain("venv");
    expect(reused.calls).toContain("install");

    const broken = fakeEffects({ inspectVenv: async () => ({ kind: "unusable", reason: "it is Python 3.8" }) });
    const second = await executePlan(plan(), { force: true, reporter: silentReporter, effects: broken.effects });
    expect(second.error?.message).toMatch(/already has a \.venv, but it is Python 3.8; it was left as it is/);
    expect(broken.calls).not.toContain("venv");
    expect(broken.calls).not.toContain("removeVenv");
  });

  it("passes secrets to the renderer, not into the plan", async () => {
    let seen: object | undefined;
    const { effects } = fakeEffects({
      createRenderer: async () => ({ render: async (s, data) => ((seen = data), s) }),
      // The real renderTree, on a plan with one rendered file.
      renderTree: (p, options) =>
        renderTree({ ...p, files: [...p.files, { path: "a", kind: "render", source: "/dev/null", executable: false, mode: 0o644 }] }, options),
    });
    const p = plan({ git: false, venv: false, install: false });
    await executePlan(p, { force: false, reporter: silentReporter, effects });
    expect(seen).toMatchObject({ secrets: { secretKey: "s" }, packageName: "proj" });
    expect(JSON.stringify(p)).not.toContain('"secretKey":"s"');
  });
});

describe("the report after a failure", async () => {
  const { jsonReport } = await import("../../src/cli/output.js");
  it("tells the user to finish every step that did not run, in order", async () => {
    const { effects } = fakeEffects({
      initRepository: async () => {
        throw new StepError("git broke", "git", "git commit", "");
      },
    });
    const p = plan();
    const execution = await executePlan(p, { force: false, reporter: silentReporter, effects });
    expect(jsonReport(p, execution).next).toEqual([
      "cd proj",
      'git init && git add --all && git commit -m "Initial commit"',
      "rm -rf .venv",
      "python3 -m venv .venv",
      "source .venv/bin/activate",
      'python -m pip install -e ".[dev]"',
      "python -m proj",
      "pytest",
    ]);
  });

  const failingGit = () =>
    fakeEffects({
      initRepository: async () => {
        throw new StepError("git broke", "git", "git commit", "");
      },
    }).effects;

  it("each task finishes itself for the platform: Windows gets its own commands", async () => {
    const p = plan({ git: true, venv: true, install: true }, "win32");
    const execution = await executePlan(p, { force: false, reporter: silentReporter, effects: failingGit() });
    expect(jsonReport(p, execution).next).toEqual([
      "cd proj",
      'git init && git add --all && git commit -m "Initial commit"',
      "rmdir /s /q .venv",
      "py -3 -m venv .venv",
      ".venv\\Scripts\\activate",
      'python -m pip install -e ".[dev]"',
      "python -m proj",
      "pytest",
    ]);
  });

  it("beside the user's files, or in their repository, names the generated paths instead of git add --all", async () => {
    const p = plan();
    const forced = await executePlan(p, { force: true, reporter: silentReporter, effects: failingGit() });
    const entries = [...new Set(p.files.map((f) => f.path.split("/")[0]))].join(" ");
    expect(forced.recovery[0]).toBe(`git init && git add -- ${entries} && git commit -m "Initial commit"`);

    const inRepo = fakeEffects({
      findEnclosingRepository: async () => ({ kind: "work-tree", root: "/work" }),
      stageInRepository: async () => {
        throw new StepError("git add broke", "git", "git add", "");
      },
    }).effects;
    const staged = await executePlan(p, { force: false, reporter: silentReporter, effects: inRepo });
    expect(staged.recovery[0]).toBe(`git add -- ${entries}`);
  });

  it("enters the project by the plan's own command, quoted for the platform, before any recovery", async () => {
    for (const [platform, enter] of [["win32", 'cd "my proj"'], ["linux", "cd 'my proj'"]] as const) {
      const manifest = manifestFixture();
      const p = planProject({
        ...{ manifest, answers: resolveAnswers(manifest, { directory: "my proj" }), names: deriveNames("/work", "my proj") },
        sources: { "_shared/files": [], "_shared/license/MIT": [], files: [], "optional/docker": [], "optional/postgres": [] },
        settings: { git: true, venv: true, install: true },
        generatorVersion: "1.0.0",
        year: 2026,
        platform,
      });
      const next = jsonReport(p, await executePlan(p, { force: false, reporter: silentReporter, effects: failingGit() })).next;
      expect(next[0]).toBe(enter);
      expect(next.filter((c) => c === enter)).toHaveLength(1);
      expect(next[1]).toMatch(/^git init/);
    }
  });

  it("a run that succeeded has nothing to recover: the plan's own next steps", async () => {
    const p = plan();
    const execution = await executePlan(p, { force: false, reporter: silentReporter, effects: fakeEffects().effects });
    expect(execution.recovery).toEqual([]);
    expect(jsonReport(p, execution).next).toEqual(p.next);
  });
});
