import { run, succeeded, tryRun } from "./run.js";

export type GitOutcome =
  | { status: "committed" }
  | { status: "skipped"; reason: string };

const STEP = "git";

/**
 * git init → add → commit. A missing git or identity does not fail the run: the
 * project is still usable, and the returned reason tells the user how to finish.
 */
export async function initRepository(target: string, template: string, signal?: AbortSignal): Promise<GitOutcome> {
  const opts = { cwd: target, step: STEP, signal };
  const initArgs = ["init", "--quiet"];
  const init = await tryRun("git", initArgs, opts);
  if (init.notFound) {
    return { status: "skipped", reason: "git is not on PATH: the project was created without a repository. Install git, then run `git init`." };
  }
  succeeded("git", initArgs, init, opts);
  // `init -b` needs git 2.28; this works on any git and ignores init.defaultBranch.
  await run("git", ["symbolic-ref", "HEAD", "refs/heads/main"], opts);
  await run("git", ["add", "--all"], opts);
  const message = `Initial commit from create-backend-project (${template})`;
  const commitArgs = ["commit", "--quiet", "--no-verify", "-m", message];
  const commit = await tryRun("git", commitArgs, opts);
  if (commit.exitCode === 0) return { status: "committed" };
  if (/Author identity unknown|Please tell me who you are|empty ident/i.test(commit.output)) {
    return {
      status: "skipped",
      reason:
        "git has no user identity, so the files are staged but not committed. Run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`, then `git commit -m \"Initial commit\"`.",
    };
  }
  // Any other refusal (signing, a global hook) fails the step with git's own words.
  succeeded("git", commitArgs, commit, opts);
  return { status: "committed" };
}
