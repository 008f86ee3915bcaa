import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("repos");
const exists = (p: string) => stat(p).then(() => true, () => false);
const FAST = ["-t", "fixture-app", "--yes", "--no-venv"];

/** A git environment with its own global config (identity plus `extra`), so the machine's settings do not matter. */
async function gitEnv(extra = ""): Promise<Record<string, string>> {
  const home = await scratch();
  const config = path.join(home, "gitconfig");
  await writeFile(config, `[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = trunk\n${extra}`);
  return { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: config };
}

function gitIn(cwd: string, env: Record<string, string>) {
  return (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...env } }).trim();
}

describe("--force and existing repositories", () => {
  it("--force into a folder with the user's files commits only what was generated", async () => {
    const cwd = await scratch();
    const env = await gitEnv();
    await mkdir(path.join(cwd, "mine"));
    await writeFile(path.join(cwd, "mine", "secrets.env"), "TOKEN=mine\n");
    const { exitCode, stderr } = await cli(["mine", ...FAST, "--force"], { cwd, env });
    expect(exitCode, stderr).toBe(0);
    const git = gitIn(path.join(cwd, "mine"), env);
    const tracked = git(["ls-files"]).split("\n");
    expect(tracked).toContain("pyproject.toml");
    expect(tracked).not.toContain("secrets.env");
    expect(git(["status", "--porcelain"])).toBe("?? secrets.env");
  });

  it("--force into an existing repository keeps its branch and history and only stages the project", async () => {
    const cwd = await scratch();
    const env = await gitEnv();
    const repo = path.join(cwd, "repo");
    await mkdir(repo);
    const git = gitIn(repo, env);
    git(["init", "--quiet"]);
    await writeFile(path.join(repo, "NOTES.md"), "mine\n");
    git(["add", "NOTES.md"]);
    git(["commit", "--quiet", "-m", "user's commit"]);
    const head = git(["rev-parse", "HEAD"]);
    await writeFile(path.join(repo, "secrets.env"), "TOKEN=mine\n");

    const { exitCode, stderr } = await cli(["repo", ...FAST, "--force"], { cwd, env });
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/is already a git repository[\s\S]*branches and history were left/);
    expect(git(["symbolic-ref", "--short", "HEAD"])).toBe("trunk");
    expect(git(["rev-parse", "HEAD"])).toBe(head);
    const staged = git(["diff", "--cached", "--name-only"]).split("\n");
    expect(staged).toContain("pyproject.toml");
    expect(staged).not.toContain("secrets.env");
    expect(staged).not.toContain(".env");
    expect(git(["status", "--porcelain", "--", "secrets.env"])).toBe("?? secrets.env");
  });

  it("inside another repository (a monorepo) nests no .git and stages the project in that repository", async () => {
    const cwd = await scratch();
    const env = await gitEnv();
    const git = gitIn(cwd, env);
    git(["init", "--quiet"]);
    git(["commit", "--quiet", "--allow-empty", "-m", "root"]);
    const head = git(["rev-parse", "HEAD"]);

    const { exitCode, stderr } = await cli(["packages/svc", ...FAST], { cwd, env });
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/is inside the git repository at/);
    expect(await exists(path.join(cwd, "packages", "svc", ".git"))).toBe(false);
    expect(git(["rev-parse", "HEAD"])).toBe(head);
    const staged = git(["diff", "--cached", "--name-only"]).split("\n");
    expect(staged).toContain("packages/svc/pyproject.toml");
    expect(staged).not.toContain("packages/svc/.env");
  });

  it("a .git that git cannot use is left alone: no re-init, no HEAD change, nothing added", async () => {
    const cwd = await scratch();
    const env = await gitEnv();
    await mkdir(path.join(cwd, "odd"));
    await writeFile(path.join(cwd, "odd", ".git"), "gitdir: /nonexistent/repo\n");
    const { exitCode, stderr } = await cli(["odd", ...FAST, "--force"], { cwd, env });
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/has a \.git that git could not use[\s\S]*left alone/);
    expect(await readFile(path.join(cwd, "odd", ".git"), "utf8")).toBe("gitdir: /nonexistent/repo\n");
    expect(await exists(path.join(cwd, "odd", "pyproject.toml"))).toBe(true);
  });
});

describe("commit signing and an existing .venv", () => {
  it("a failing signing setup stages the files, says so, and the venv still runs", async () => {
    const cwd = await scratch();
    const env = await gitEnv("[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n");
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-install", "--json"], { cwd, env });
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/could not sign the commit[\s\S]*staged but not committed/);
    const report = JSON.parse(stdout);
    expect(report.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(["files:done", "git:skipped", "venv:done"]);
    expect(gitIn(path.join(cwd, "p"), env)(["diff", "--cached", "--name-only"]).split("\n")).toContain("pyproject.toml");
    expect(await exists(path.join(cwd, "p", ".venv", "bin", "python"))).toBe(true);
  });

  it("--force reuses a working .venv and reports a broken one, leaving it as it was", async () => {
    const cwd = await scratch();
    const env = await gitEnv();
    await mkdir(path.join(cwd, "good"));
    // Without pip it is quick to make, and usable when uv installs (as in npm test); pip needs pip in it.
    const uv = execFileSync("sh", ["-c", "command -v uv || true"], { encoding: "utf8" }).trim();
    execFileSync("python3", ["-m", "venv", ...(uv ? ["--without-pip"] : []), path.join(cwd, "good", ".venv")]);
    const good = await cli(["good", "-t", "fixture-app", "--yes", "--force", "--no-git", "--no-install", "--json"], { cwd, env });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout).steps.at(-1).detail).toMatch(/^reused the existing \.venv \(3\.\d+\)$/);

    await mkdir(path.join(cwd, "broken", ".venv", "bin"), { recursive: true });
    const broken = await cli(["broken", "-t", "fixture-app", "--yes", "--force", "--no-git", "--no-install", "--json"], { cwd, env });
    expect(broken.exitCode).toBe(1);
    expect(JSON.parse(broken.stdout).error.message).toMatch(/already has a \.venv, but its interpreter .* does not run; it was left as it is/);
    expect(await readdir(path.join(cwd, "broken", ".venv"))).toEqual(["bin"]);
    expect(await exists(path.join(cwd, "broken", "pyproject.toml"))).toBe(true);
  });
});
