import { existsSync } from "node:fs";
import path from "node:path";
import { installByHand, LOCK_FILE, REQUIREMENTS_FILE } from "../core/installByHand.js";
import { AnswerError, EnvironmentError, type KeyNamer } from "../errors.js";
import { toolOutput } from "./probes.js";
import { run, tryRun } from "./run.js";

export interface PythonInterpreter {
  /** How it was asked for (`python3.12`, `/usr/bin/python3`). */
  command: string;
  /** Extra leading arguments (`py -3` on Windows). */
  args: string[];
  executable: string;
  version: [number, number];
}

export interface Installer {
  kind: "uv" | "pip";
}

const PROBE = "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.executable)";
// -I -S: no site-packages scan and no PYTHON* variables; a real interpreter then
// answers in a few milliseconds instead of 40.
const PROBE_FLAGS = ["-I", "-S", "-c", PROBE];
const PARALLEL_PROBES = 2;

/** The interpreters tried, in preference order, when no --python is given. */
export function pythonCandidates(platform: NodeJS.Platform): Array<[string, string[]]> {
  const named = ["python3.14", "python3.13", "python3.12", "python3.11", "python3", "python"].map(
    (cmd): [string, string[]] => [cmd, []],
  );
  return platform === "win32" ? [["py", ["-3"]], ...named] : named;
}

/** Asks an interpreter for its version and real path; undefined when it does not answer (a shim of a missing version). */
export async function probePython(command: string, args: string[], signal?: AbortSignal): Promise<PythonInterpreter | undefined> {
  const result = await tryRun(command, [...args, ...PROBE_FLAGS], { step: "venv", signal, timeoutMs: 15_000 }).catch(
    (error: unknown) => {
      if ((error as Error).name === "CancelledError") throw error;
      return undefined;
    },
  );
  if (!result || result.exitCode !== 0) return undefined;
  const [version, executable] = result.output.trim().split(/\r?\n/).slice(-2);
  const match = /^(\d+)\.(\d+)$/.exec(version ?? "");
  if (!match || !executable) return undefined;
  return { command, args, executable, version: [Number(match[1]), Number(match[2])] };
}

export const atLeast = (v: [number, number], min: [number, number]) => v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);

/** `--python 3.12` asks for a version; anything else names an interpreter. */
export function isVersionRequest(text: string): boolean {
  return /^3\.\d+$/.test(text);
}

const UV_INSTALL_TIMEOUT_MS = 10 * 60_000;

type UvPython = { found: PythonInterpreter } | { uv: "missing" } | { uv: "failed"; reason: string };

/**
 * Asks uv for an interpreter matching `request` (">=3.11", "3.12"): uv also knows the
 * Pythons it installed itself, and can install one where the system's python3 is too
 * old (Ubuntu 22.04, Debian 11, macOS). Installing is tried only when finding fails.
 */
async function pythonFromUv(request: string, install: string, signal?: AbortSignal): Promise<UvPython> {
  const find = async () => {
    const result = await tryRun("uv", ["python", "find", request], { step: "venv", signal, timeoutMs: 30_000 });
    if (result.notFound) return undefined;
    const executable = result.exitCode === 0 ? result.stdout.trim().split(/\r?\n/).at(-1) : undefined;
    return { result, found: executable ? await probePython(executable, [], signal) : undefined };
  };
  const first = await find();
  if (!first) return { uv: "missing" };
  if (first.found) return { found: first.found };
  const installed = await tryRun("uv", ["python", "install", install], { step: "venv", signal, timeoutMs: UV_INSTALL_TIMEOUT_MS });
  if (installed.exitCode !== 0) {
    const reason = installed.output.trim().split(/\r?\n/).filter(Boolean).at(-1) ?? `exit code ${installed.exitCode}`;
    return { uv: "failed", reason };
  }
  const second = await find();
  return second?.found ? { found: second.found } : { uv: "failed", reason: "uv installed it but cannot find it" };
}

/** "3.11" → [3, 11], the shape `atLeast` compares. */
export const parseVersion = (text: string): [number, number] => text.split(".").map(Number) as [number, number];

/**
 * Finds an interpreter at or above `minimum` ("3.11"). An explicit --python must
 * work and be new enough: a path or command is used as given, a version ("3.12")
 * is looked up as python3.12 on PATH, then through uv. Otherwise the first working
 * candidate on PATH that is new enough wins (a pyenv shim for a version that is not
 * installed simply fails its probe), and when none is, uv finds or installs one.
 */
export async function findPython(
  minimum: string,
  options: { explicit?: string; platform: NodeJS.Platform; signal?: AbortSignal },
): Promise<PythonInterpreter> {
  const min = parseVersion(minimum);
  const noVenv = (name: KeyNamer) => `Or pass ${name("venv", false)} to create the project without a virtual environment.`;
  const { explicit, signal } = options;
  if (explicit && isVersionRequest(explicit)) {
    const wanted = parseVersion(explicit);
    if (!atLeast(wanted, min)) {
      throw new AnswerError("python", `${explicit}: this template needs Python ${minimum} or newer.`, noVenv);
    }
    const named: Array<[string, string[]]> = [[`python${explicit}`, []], ...(options.platform === "win32" ? [["py", [`-${explicit}`]] as [string, string[]]] : [])];
    for (const [command, args] of named) {
      const found = await probePython(command, args, signal);
      if (found && found.version[0] === wanted[0] && found.version[1] === wanted[1]) return found;
    }
    const uv = await pythonFromUv(explicit, explicit, signal);
    if ("found" in uv) return uv.found;
    throw new EnvironmentError(
      uv.uv === "missing"
        ? `Python ${explicit} was asked for, but there is no working python${explicit} on PATH.`
        : `Python ${explicit} was asked for, but there is no working python${explicit} on PATH, and uv could not install it (${uv.reason}).`,
      (name) =>
        uv.uv === "missing"
          ? `Install Python ${explicit} (or uv, which can install it), or pass ${name("python", `/path/to/python${explicit}`)}. ${noVenv(name)}`
          : `Run \`uv python install ${explicit}\` to see why, or pass ${name("python", `/path/to/python${explicit}`)}. ${noVenv(name)}`,
    );
  }
  if (explicit) {
    const found = await probePython(explicit, [], signal);
    if (!found) throw new AnswerError("python", `${explicit} is not a working Python interpreter.`, noVenv);
    if (!atLeast(found.version, min)) {
      throw new AnswerError(
        "python",
        `${explicit} is Python ${found.version.join(".")}; this template needs Python ${minimum} or newer.`,
        (name) => `Pass a newer one, e.g. ${name("python", minimum)}. ${noVenv(name)}`,
      );
    }
    return found;
  }
  // Each probe is an interpreter start-up, through a pyenv shim often 0.1 s of CPU.
  // A few run at a time, in preference order (all at once starves a small
  // machine); the first in that order that qualifies wins and the rest stop.
  const rest = new AbortController();
  const stopAll = () => rest.abort();
  signal?.addEventListener("abort", stopAll, { once: true });
  const probes: Array<{ command: string; pending: Promise<PythonInterpreter | undefined> }> = [];
  for (const [command, args] of pythonCandidates(options.platform)) {
    const slot = probes[probes.length - PARALLEL_PROBES]?.pending.catch(() => undefined);
    const pending = Promise.resolve(slot).then(() => (rest.signal.aborted ? undefined : probePython(command, args, rest.signal)));
    pending.catch(() => undefined); // those never awaited once a winner is found
    probes.push({ command, pending });
  }
  const tried: string[] = [];
  try {
    for (const { command, pending } of probes) {
      const found = await pending;
      if (!found) continue;
      if (atLeast(found.version, min)) return found;
      tried.push(`${command} is ${found.version.join(".")}`);
    }
  } finally {
    signal?.removeEventListener("abort", stopAll);
    rest.abort();
  }
  const uv = await pythonFromUv(`>=${minimum}`, minimum, signal);
  if ("found" in uv) return uv.found;
  const seen = tried.length ? ` (${tried.join(", ")})` : " on PATH";
  if (uv.uv === "missing") {
    throw new EnvironmentError(
      `No Python ${minimum} or newer was found${seen}.`,
      (name) =>
        `Install Python ${minimum}+, or install uv (it finds or installs a suitable Python), or pass ${name("python", `/path/to/python3.${min[1]}`)}. ${noVenv(name)}`,
    );
  }
  throw new EnvironmentError(
    `No Python ${minimum} or newer was found${seen}, and uv could not install one (${uv.reason}).`,
    (name) => `Run \`uv python install ${minimum}\` to see why, or pass ${name("python", `/path/to/python3.${min[1]}`)}. ${noVenv(name)}`,
  );
}

export async function detectInstaller(signal?: AbortSignal): Promise<Installer> {
  return { kind: (await toolOutput("uv", ["--version"], signal)) ? "uv" : "pip" };
}

export function venvPython(target: string, platform: NodeJS.Platform): string {
  return platform === "win32"
    ? path.join(target, ".venv", "Scripts", "python.exe")
    : path.join(target, ".venv", "bin", "python");
}

const QUIET_PIP = { PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1" };

export async function createVenv(
  target: string,
  python: PythonInterpreter,
  installer: Installer,
  signal?: AbortSignal,
  onOutput?: (line: string) => void,
): Promise<void> {
  const hint = "Delete .venv and retry, or create it yourself with `python3 -m venv .venv`.";
  const options = { cwd: target, step: "venv", signal, hint, ...(onOutput ? { onOutput } : {}) };
  if (installer.kind === "uv") {
    await run("uv", ["venv", "--quiet", "--python", python.executable, ".venv"], options);
  } else {
    // The resolved executable, not the command: a pyenv shim would add its own start-up.
    await run(python.executable, ["-m", "venv", ".venv"], options);
  }
}

/**
 * The commands that install the project. With a lock: uv syncs exactly the lock
 * (`--locked` fails instead of re-resolving when it no longer fits pyproject.toml);
 * pip installs the exported pins, each checked against its hash, then the project
 * itself with nothing resolved. A template without a lock resolves its ranges.
 */
export function installCommands(
  target: string,
  installer: Installer,
  platform: NodeJS.Platform,
  locked: boolean,
): Array<[string, string[]]> {
  const py = venvPython(target, platform);
  if (installer.kind === "uv") {
    return locked ? [["uv", ["sync", "--locked"]]] : [["uv", ["pip", "install", "--python", py, "-e", ".[dev]"]]];
  }
  return locked
    ? [
        [py, ["-m", "pip", "install", "--require-hashes", "-r", REQUIREMENTS_FILE]],
        [py, ["-m", "pip", "install", "--no-deps", "-e", "."]],
      ]
    : [[py, ["-m", "pip", "install", "-e", ".[dev]"]]];
}

export async function installProject(
  target: string,
  installer: Installer,
  platform: NodeJS.Platform,
  signal?: AbortSignal,
  onOutput?: (line: string) => void,
): Promise<void> {
  const locked = existsSync(path.join(target, installer.kind === "uv" ? LOCK_FILE : REQUIREMENTS_FILE));
  const retry = installByHand(installer.kind, locked).map((c) => `\`${c}\``).join(" then ");
  for (const [file, args] of installCommands(target, installer, platform, locked)) {
    await run(file, args, {
      cwd: target,
      step: "install",
      signal,
      env: QUIET_PIP, // added to the inherited environment
      ...(onOutput ? { onOutput } : {}),
      hint: `The project files are in place. Check your network, then run ${retry} inside the activated .venv.`,
    });
  }
}
