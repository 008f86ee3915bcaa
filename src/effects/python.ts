import path from "node:path";
import { UserError } from "../errors.js";
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

function candidates(platform: NodeJS.Platform): Array<[string, string[]]> {
  const named = ["python3.14", "python3.13", "python3.12", "python3.11", "python3", "python"].map(
    (cmd): [string, string[]] => [cmd, []],
  );
  return platform === "win32" ? [["py", ["-3"]], ...named] : named;
}

async function probe(command: string, args: string[], signal?: AbortSignal): Promise<PythonInterpreter | undefined> {
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

const atLeast = (v: [number, number], min: [number, number]) => v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);

/**
 * Finds an interpreter at or above `minimum` ("3.11"). An explicit --python must
 * work and be new enough; otherwise the first working candidate that is wins
 * (a pyenv shim for a version that is not installed simply fails its probe).
 */
export async function findPython(
  minimum: string,
  options: { explicit?: string; platform: NodeJS.Platform; signal?: AbortSignal },
): Promise<PythonInterpreter> {
  const min = minimum.split(".").map(Number) as [number, number];
  const noVenv = "Or pass --no-venv to create the project without a virtual environment.";
  if (options.explicit) {
    const found = await probe(options.explicit, [], options.signal);
    if (!found) throw new UserError(`--python ${options.explicit} is not a working Python interpreter.`, noVenv);
    if (!atLeast(found.version, min)) {
      throw new UserError(
        `--python ${options.explicit} is Python ${found.version.join(".")}; this template needs Python ${minimum} or newer.`,
        noVenv,
      );
    }
    return found;
  }
  // Each probe is an interpreter start-up, through a pyenv shim often 0.1 s of CPU.
  // A few run at a time, in preference order (all at once starves a small
  // machine); the first in that order that qualifies wins and the rest stop.
  const rest = new AbortController();
  const stopAll = () => rest.abort();
  options.signal?.addEventListener("abort", stopAll, { once: true });
  const probes: Array<{ command: string; pending: Promise<PythonInterpreter | undefined> }> = [];
  for (const [command, args] of candidates(options.platform)) {
    const slot = probes[probes.length - PARALLEL_PROBES]?.pending.catch(() => undefined);
    const pending = Promise.resolve(slot).then(() => (rest.signal.aborted ? undefined : probe(command, args, rest.signal)));
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
    options.signal?.removeEventListener("abort", stopAll);
    rest.abort();
  }
  throw new UserError(
    `No Python ${minimum} or newer was found${tried.length ? ` (${tried.join(", ")})` : " on PATH"}.`,
    `Install Python ${minimum}+ (or uv), or pass --python /path/to/python3.${min[1]}. ${noVenv}`,
  );
}

export async function detectInstaller(signal?: AbortSignal): Promise<Installer> {
  const uv = await tryRun("uv", ["--version"], { step: "venv", signal, timeoutMs: 15_000 });
  return { kind: !uv.notFound && uv.exitCode === 0 ? "uv" : "pip" };
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
): Promise<void> {
  const hint = "Delete .venv and retry, or create it yourself with `python3 -m venv .venv`.";
  if (installer.kind === "uv") {
    await run("uv", ["venv", "--quiet", "--python", python.executable, ".venv"], { cwd: target, step: "venv", signal, hint });
  } else {
    // The resolved executable, not the command: a pyenv shim would add its own start-up.
    await run(python.executable, ["-m", "venv", ".venv"], { cwd: target, step: "venv", signal, hint });
  }
}

export function installCommand(target: string, installer: Installer, platform: NodeJS.Platform): [string, string[]] {
  const py = venvPython(target, platform);
  return installer.kind === "uv"
    ? ["uv", ["pip", "install", "--python", py, "-e", ".[dev]"]]
    : [py, ["-m", "pip", "install", "-e", ".[dev]"]];
}

export async function installProject(
  target: string,
  installer: Installer,
  platform: NodeJS.Platform,
  signal?: AbortSignal,
): Promise<void> {
  const [file, args] = installCommand(target, installer, platform);
  const retry = installer.kind === "uv" ? 'uv pip install -e ".[dev]"' : 'python -m pip install -e ".[dev]"';
  await run(file, args, {
    cwd: target,
    step: "install",
    signal,
    env: QUIET_PIP, // added to the inherited environment
    hint: `The project files are in place. Check your network, then run \`${retry}\` inside the activated .venv.`,
  });
}
