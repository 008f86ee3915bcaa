import { execFileSync } from "node:child_process";
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { BIN, FIXTURE_TEMPLATES } from "../helpers/paths.js";

const scratch = scratchFolders("signals");
const exists = (p: string) => stat(p).then(() => true, () => false);
const realPython = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
const sleep = execFileSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).trim();

/** Polls for a condition the CLI makes true (a file appearing); bounded, never a bare delay. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Alive means running: a killed process whose parent is gone may linger as a zombie no one reaps. */
async function alive(pid: number): Promise<boolean> {
  const state = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return state !== undefined && !/^\d+ \(.*\) Z/.test(state);
}

/**
 * A bin folder whose python3 runs `hold` (a shell fragment) where the test wants
 * the CLI held: it starts a background `sleep` that stands for a grandchild
 * (ensurepip, a build backend), records its pid, and waits. Only a stop of the
 * whole process group ends that sleep.
 */
async function holdingBin(when: "probe" | "venv", pidFile: string): Promise<string> {
  const bin = await scratch();
  const self = path.join(bin, "python3");
  const hold = `${sleep} 60 & echo $! > ${pidFile}; wait`;
  const script =
    when === "probe"
      ? `#!/bin/sh\ncase "$*" in *version_info*) ${hold};; esac\nexec ${realPython} "$@"\n`
      : // The probe reports this script as the interpreter, so the venv step runs it too.
        `#!/bin/sh\ncase "$*" in *version_info*) echo 3.11; echo ${self}; exit 0;; *"-m venv"*) mkdir -p .venv; ${hold};; esac\nexec ${realPython} "$@"\n`;
  await writeFile(self, script);
  await chmod(self, 0o755);
  execFileSync("ln", ["-s", realGit, path.join(bin, "git")]);
  return bin;
}

function start(args: string[], cwd: string, bin: string) {
  return execa(process.execPath, [BIN, ...args], {
    cwd,
    reject: false,
    stdin: "ignore",
    env: { CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES, PATH: bin },
  });
}

describe("signals", () => {
  it.each([
    ["SIGTERM (a CI timeout)", ["SIGTERM"], 143],
    ["SIGHUP (a closed terminal)", ["SIGHUP"], 129],
    ["a second Ctrl-C", ["SIGINT", "SIGINT"], 130],
  ] as const)("%s while the files are written removes the staging folder and created parents, and stops the probe", async (_, signals, code) => {
    const cwd = await scratch();
    const pidFile = path.join(await scratch(), "held.pid");
    const bin = await holdingBin("probe", pidFile);
    const child = start(["a/b/p", "-t", "fixture-app", "--yes", "--no-git"], cwd, bin);
    // The move into place waits for the interpreter search, which is now held: the files are staged.
    const parent = path.join(cwd, "a", "b");
    await until(async () => (await exists(pidFile)) && (await readdir(parent).catch(() => [])).some((n) => n.startsWith(".p.create-backend-project-")), "the staged files and the held probe");
    const held = Number((await readFile(pidFile, "utf8")).trim());
    for (const signal of signals) child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(String(result.stderr).trim().split("\n").at(-1)).toMatch(/^Interrupted while writing files/);
    expect(await readdir(cwd), "no staging folder (.env, keys) and no created parent is left").toEqual([]);
    await until(async () => !(await alive(held)), "the probe's child to stop");
  });

  it("SIGTERM during the venv stops the interpreter and what it started, keeps the files, removes the half-made .venv", async () => {
    const cwd = await scratch();
    const pidFile = path.join(await scratch(), "held.pid");
    const bin = await holdingBin("venv", pidFile);
    const child = start(["p", "-t", "fixture-app", "--yes", "--no-git"], cwd, bin);
    await until(() => exists(pidFile), "the venv step's child to start");
    const held = Number((await readFile(pidFile, "utf8")).trim());
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(String(result.stderr)).toMatch(/Interrupted during venv/);
    expect(String(result.stdout)).toMatch(/the "venv" step was interrupted[\s\S]*venv \.venv/);
    await until(async () => !(await alive(held)), "the venv step's child to stop");
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
    expect(await exists(path.join(cwd, "p", ".venv"))).toBe(false);
  });

  it("SIGTERM during git in an existing folder removes the half-made .git and keeps the user's files", async () => {
    const cwd = await scratch();
    const pidFile = path.join(await scratch(), "held.pid");
    const bin = await scratch();
    await writeFile(path.join(bin, "git"), `#!/bin/sh\nif [ "$1" = "commit" ]; then ${sleep} 60 & echo $! > ${pidFile}; wait; fi\nexec ${realGit} "$@"\n`);
    await chmod(path.join(bin, "git"), 0o755);
    const target = path.join(cwd, "mine");
    await mkdir(target);
    await writeFile(path.join(target, "notes.txt"), "mine");
    const child = start(["mine", "-t", "fixture-app", "--yes", "--no-venv", "--force"], cwd, bin);
    await until(() => exists(pidFile), "the commit to start");
    const held = Number((await readFile(pidFile, "utf8")).trim());
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(String(result.stderr)).toMatch(/Interrupted during git/);
    await until(async () => !(await alive(held)), "the commit's child to stop");
    expect(await exists(path.join(target, ".git"))).toBe(false);
    expect(await readFile(path.join(target, "notes.txt"), "utf8")).toBe("mine");
    expect(await exists(path.join(target, "pyproject.toml"))).toBe(true);
  });
});
