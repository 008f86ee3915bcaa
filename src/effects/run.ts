import os from "node:os";
import { CancelledError, StepError } from "../errors.js";

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** The step named in errors, e.g. "install". */
  step: string;
  timeoutMs?: number;
  /** Called with each line the command prints (stdout and stderr), as it prints it. */
  onOutput?: (line: string) => void;
}

export interface RunResult {
  exitCode: number;
  /** stdout and stderr interleaved, as a person would have seen them. */
  output: string;
  /** stdout alone, for commands whose answer is their output. */
  stdout: string;
}

const TAIL_LINES = 20;

export function displayCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
}

export function tail(output: string, lines = TAIL_LINES): string {
  return output.trimEnd().split(/\r?\n/).slice(-lines).join("\n");
}

// On POSIX each child leads its own process group, so stopping it also stops what
// it started: `python -m venv` runs ensurepip, pip runs build backends, a shim
// runs the interpreter. Windows has no process groups to signal.
const OWN_GROUP = os.platform() !== "win32";

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  // A spawn that failed (ENOENT) may report pid 0, and kill(-0) is our own group.
  if (!OWN_GROUP || !pid || pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Runs with an argument array, never a shell string; returns instead of throwing on a non-zero exit. */
export async function tryRun(file: string, args: readonly string[], options: RunOptions): Promise<RunResult & { notFound: boolean }> {
  // Spawning with a signal already aborted makes execa kill the child at once; a spawn that
  // has not got its pid yet is pid 0 to the kernel, and kill(0) stops our own process group.
  if (options.signal?.aborted) throw new CancelledError(`Interrupted during ${options.step}.`, options.step);
  // Loaded on the first child process: a run that starts none never pays for it.
  const { execa } = await import("execa");
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    all: true,
    reject: false,
    stdin: "ignore",
    windowsHide: true,
    detached: OWN_GROUP,
  });
  if (options.onOutput) followLines(child.all, options.onOutput);
  const stopGroup = () => signalGroup(child.pid, "SIGTERM");
  options.signal?.addEventListener("abort", stopGroup, { once: true });
  let result;
  try {
    result = await child;
  } finally {
    options.signal?.removeEventListener("abort", stopGroup);
  }
  // A child stopped early may leave its own children running: none outlives it.
  if (result.isCanceled || result.timedOut) signalGroup(child.pid, "SIGKILL");
  if (result.isCanceled) throw new CancelledError(`Interrupted during ${options.step}.`, options.step);
  const notFound = (result as { code?: string }).code === "ENOENT";
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? ""), stdout: String(result.stdout ?? ""), notFound };
}

/** Calls `onLine` per line of a stream as it arrives; a progress bar's "\r" ends a line too. */
function followLines(stream: NodeJS.ReadableStream | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = "";
  stream.on("data", (chunk: Buffer | string) => {
    const parts = (pending + chunk.toString()).split(/\r\n|\r|\n/);
    pending = parts.pop() ?? "";
    for (const line of parts) if (line.trim()) onLine(line);
  });
  stream.on("end", () => {
    if (pending.trim()) onLine(pending);
  });
}

/** Like tryRun, but any failure becomes a StepError carrying the command and the end of its output. */
export async function run(file: string, args: readonly string[], options: RunOptions & { hint?: string }): Promise<RunResult> {
  return succeeded(file, args, await tryRun(file, args, options), options);
}

/** Turns a tryRun result that failed into run's StepError. */
export function succeeded(
  file: string,
  args: readonly string[],
  result: RunResult & { notFound: boolean },
  options: { step: string; hint?: string },
): RunResult {
  const command = displayCommand(file, args);
  if (result.notFound) {
    throw new StepError(`${file} was not found on PATH.`, options.step, command, "", options.hint);
  }
  if (result.exitCode !== 0) {
    throw new StepError(
      `${command} exited with code ${result.exitCode}.`,
      options.step,
      command,
      tail(result.output),
      options.hint,
    );
  }
  return result;
}
