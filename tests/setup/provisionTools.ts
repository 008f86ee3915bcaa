import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, stat, symlink, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../helpers/paths.js";

const exec = promisify(execFile);

/**
 * The Python command-line tools the suites run, from PyPI. A fresh clone on a machine
 * with only Node, git and Python must pass `npm test`, so a tool missing from PATH is
 * installed into a cache folder (one venv per tool) and its commands are put on PATH.
 */
export const TOOLS = {
  uv: { requirement: "uv>=0.5,<1", commands: ["uv"] },
  schemathesis: { requirement: "schemathesis>=4,<5", commands: ["st", "schemathesis"] },
} as const;

export type ToolName = keyof typeof TOOLS;

/** Removed with node_modules; CBP_TOOLS_DIR points it elsewhere (e.g. a CI cache). */
export const TOOLS_DIR = process.env.CBP_TOOLS_DIR || path.join(ROOT, "node_modules", ".cache", "create-python-backend", "tools");

export function onPath(command: string, pathValue = process.env.PATH ?? ""): string | undefined {
  for (const dir of pathValue.split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

const LOCK_STALE_MS = 10 * 60_000;

/** Two suites starting at once must not install into the same venv: the first takes a lock, the other waits for it. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS || Date.now() > deadline) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function install(name: ToolName, python: string): Promise<string> {
  const venv = path.join(TOOLS_DIR, name);
  const bin = path.join(venv, process.platform === "win32" ? "Scripts" : "bin");
  const done = path.join(venv, ".installed");
  if (existsSync(done)) return bin;
  await mkdir(TOOLS_DIR, { recursive: true });
  return withLock(`${venv}.lock`, async () => {
    if (existsSync(done)) return bin; // another suite finished it while this one waited
    await rm(venv, { recursive: true, force: true });
    process.stderr.write(`test set-up: ${TOOLS[name].commands[0]} is not on PATH; installing ${TOOLS[name].requirement} from PyPI into ${venv}\n`);
    try {
      await exec(python, ["-m", "venv", venv]);
      await exec(path.join(bin, "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", TOOLS[name].requirement], {
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`Could not install ${TOOLS[name].requirement} for the tests with ${python}: ${(e.stderr || e.message).trim()}`);
    }
    await writeFile(done, `${TOOLS[name].requirement}\n`);
    return bin;
  });
}

/**
 * Makes each named tool runnable: left alone when it is already on PATH, else
 * installed once into TOOLS_DIR. Only the tools' own commands are linked into the
 * returned folder (never the venv's python, which would shadow the system one).
 * Returns the folder to put first on PATH, or undefined when nothing was missing.
 */
export async function provisionTools(names: readonly ToolName[], python = onPath("python3") ?? "python3"): Promise<string | undefined> {
  const missing = names.filter((name) => !onPath(TOOLS[name].commands[0]));
  if (!missing.length) return undefined;
  const linkDir = path.join(TOOLS_DIR, "bin");
  await mkdir(linkDir, { recursive: true });
  for (const name of missing) {
    const bin = await install(name, python);
    for (const command of TOOLS[name].commands) {
      // Replaced by rename, so a concurrent suite never sees the link missing.
      const temporary = path.join(linkDir, `.${command}.${process.pid}`);
      await rm(temporary, { force: true });
      await symlink(path.join(bin, command), temporary);
      await rename(temporary, path.join(linkDir, command));
    }
  }
  return linkDir;
}

/** A vitest globalSetup body: provisions the tools and puts them on PATH for the test workers. */
export async function setUpTools(names: readonly ToolName[]): Promise<void> {
  const linkDir = await provisionTools(names);
  if (linkDir) process.env.PATH = `${linkDir}${path.delimiter}${process.env.PATH ?? ""}`;
}
