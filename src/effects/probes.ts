import { access, constants } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { CancelledError } from "../errors.js";
import { tryRun } from "./run.js";

/** The first line a tool prints for `args` (its version), or undefined when it is not on PATH or fails. */
export async function toolOutput(file: string, args: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
  const result = await tryRun(file, args, { step: "probe", signal, timeoutMs: 15_000 }).catch((error: unknown) => {
    if (error instanceof CancelledError) throw error;
    return undefined;
  });
  if (!result || result.notFound || result.exitCode !== 0) return undefined;
  return result.stdout.trim().split(/\r?\n/)[0]?.trim() || undefined;
}

/** Whether something accepts TCP connections on host:port within `timeoutMs`. */
export function tcpOpen(port: number, host = "127.0.0.1", timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Where `command` is found on `searchPath` (a PATH value), as the shell would find it. */
export async function whichOnPath(command: string, searchPath: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const suffixes = platform === "win32" ? [".exe", ".cmd", ".bat", ""] : [""];
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, command + suffix);
      if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
    }
  }
  return undefined;
}

/** pyenv and asdf put a `shims` folder on PATH whose entries dispatch to a version that may not be installed. */
export function isShim(location: string): boolean {
  return location.split(/[\\/]/).includes("shims");
}
