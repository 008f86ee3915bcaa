import { lstat, rm } from "node:fs/promises";
import path from "node:path";
import { CancelledError } from "../errors.js";
import { BASE_REF } from "../engine/baseRef.js";
import { run, succeeded, tryRun } from "./run.js";

export type GitOutcome =
  | { status: "committed" }
  | { status: "skipped"; reason: string };

/** Where the project lands: outside any repository, or inside the work tree rooted at `root`. */
export type Enclosing = { kind: "none" } | { kind: "work-tree"; root: string } | { kind: "no-git" };

const STEP = "git";
const NO_GIT = "git is not on PATH: the project was created without a repository. Install git, then run `git init`.";
// Our paths are names, not patterns: `*` or `:` in one must not match anything else.
const LITERAL = { GIT_LITERAL_PATHSPECS: "1" };

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    const stats = await lstat(current).catch(() => undefined);
    if (stats?.isDirectory()) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

/**
 * Whether `target` (or, when it does not exist yet, its nearest existing ancestor)
 * is inside a git work tree: then the project belongs to that repository, and a
 * second `.git` must not be nested in it.
 */
export async function findEnclosingRepository(target: string, signal?: AbortSignal): Promise<Enclosing> {
  const cwd = await nearestExisting(target);
  const result = await tryRun("git", ["rev-parse", "--show-toplevel"], { cwd, step: STEP, signal });
  if (result.notFound) return { kind: "no-git" };
  const root = result.output.trim().split(/\r?\n/).at(-1);
  return result.exitCode === 0 && root ? { kind: "work-tree", root } : { kind: "none" };
}

/**
 * Stages exactly the generated paths that git does not ignore: never `--all`, so
 * a user's own files beside the project (with --force) are left untracked.
 * Returns how many were staged.
 */
async function addGenerated(folder: string, paths: readonly string[], signal?: AbortSignal): Promise<number> {
  const opts = { cwd: folder, step: STEP, signal, env: LITERAL };
  const listed = await run("git", ["ls-files", "-z", "--others", "--exclude-standard", "--", ...paths], opts);
  const untracked = listed.output.split("\0").filter(Boolean);
  if (untracked.length) await run("git", ["add", "--", ...untracked], opts);
  return untracked.length;
}

const IDENTITY =
  "git has no user identity, so the files are staged but not committed. Run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`, then `git commit -m \"Initial commit\"`.";

async function signingFailed(folder: string, output: string, signal?: AbortSignal): Promise<boolean> {
  if (/gpg|ssh-keygen|signing/i.test(output)) return true;
  const config = await tryRun("git", ["config", "--bool", "commit.gpgsign"], { cwd: folder, step: STEP, signal });
  return config.exitCode === 0 && config.output.trim() === "true";
}

/**
 * git init → add the generated paths → commit, in a folder that is in no other
 * work tree. A missing git, identity or signing key does not fail the run: the
 * project is still usable, and the returned reason tells the user how to finish.
 */
export async function initRepository(
  folder: string,
  paths: readonly string[],
  template: string,
  signal?: AbortSignal,
): Promise<GitOutcome> {
  const dotGit = path.join(folder, ".git");
  // git did not see a work tree here, yet there is a .git (unreadable, or owned by
  // another user): it is someone's repository, never re-initialised or removed.
  if (await lstat(dotGit).then(() => true, () => false)) {
    return {
      status: "skipped",
      reason: `${folder} has a .git that git could not use as a repository (see \`git status\` there), so it was left alone and nothing was added to it.`,
    };
  }
  try {
    return await initAndCommit(folder, paths, template, signal);
  } catch (error) {
    // The .git is this run's own: an interrupted init leaves no half-made one behind.
    if (error instanceof CancelledError) await rm(dotGit, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

async function initAndCommit(folder: string, paths: readonly string[], template: string, signal?: AbortSignal): Promise<GitOutcome> {
  const opts = { cwd: folder, step: STEP, signal };
  const initArgs = ["init", "--quiet"];
  const init = await tryRun("git", initArgs, opts);
  if (init.notFound) return { status: "skipped", reason: NO_GIT };
  succeeded("git", initArgs, init, opts);
  // `init -b` needs git 2.28; this works on any git and ignores init.defaultBranch.
  await run("git", ["symbolic-ref", "HEAD", "refs/heads/main"], opts);
  await addGenerated(folder, paths, signal);
  const message = `Initial commit from create-backend-project (${template})`;
  const commitArgs = ["commit", "--quiet", "--no-verify", "-m", message];
  const commit = await tryRun("git", commitArgs, opts);
  if (commit.exitCode === 0) {
    // The first commit is the pristine render: update merges from it (engine/baseRef.ts).
    await run("git", ["update-ref", BASE_REF, "HEAD"], opts);
    return { status: "committed" };
  }
  if (/Author identity unknown|Please tell me who you are|empty ident/i.test(commit.output)) {
    return { status: "skipped", reason: IDENTITY };
  }
  if (await signingFailed(folder, commit.output, signal)) {
    const said = commit.output.trim().split(/\r?\n/)[0] ?? "";
    return {
      status: "skipped",
      reason: `git could not sign the commit (${said}), so the files are staged but not committed. Fix your signing setup (commit.gpgsign, gpg.program, user.signingkey), then run \`git commit -m "Initial commit"\`; or commit unsigned with \`git commit --no-gpg-sign -m "Initial commit"\`.`,
    };
  }
  // Any other refusal (a global hook) fails the step with git's own words.
  succeeded("git", commitArgs, commit, opts);
  return { status: "committed" };
}

/**
 * The project landed inside an existing work tree: no `git init` (no nested
 * repository), no commit and no branch change; only the generated paths are
 * staged there, for the user to review and commit.
 */
export async function stageInRepository(
  target: string,
  root: string,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<GitOutcome> {
  const staged = await addGenerated(target, paths, signal);
  return {
    status: "skipped",
    reason: `${target === root ? `${target} is already a git repository` : `${target} is inside the git repository at ${root}`}, so no new repository was made and its branches and history were left as they were. ${staged} generated file${staged === 1 ? " is" : "s are"} staged there, not committed: review them, then \`git commit\`.`,
  };
}
