import { readFile } from "node:fs/promises";
import net from "node:net";
import { execa, type ResultPromise } from "execa";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  port: number;
  pid: number;
  /** The server's output so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Direct children of a process (the workers of a gunicorn/uvicorn master), from /proc. */
export async function childPids(pid: number): Promise<number[]> {
  try {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8");
    return children.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The children of `pid` once there are at least `count` of them, or what there are at `timeoutMs`. */
export async function waitForChildren(pid: number, count: number, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const children = await childPids(pid);
    if (children.length >= count || Date.now() > deadline) return children;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts `command` in the project and waits until `health` answers 200: bounded polling, and an
 * early failure with the server's output if it exits first. The caller stops it.
 */
export async function startServer(
  command: string[],
  options: { cwd: string; env: Record<string, string>; port: number; health: string; timeoutMs?: number },
): Promise<Server> {
  const [file, ...args] = command;
  let output = "";
  const child: ResultPromise = execa(file!, args, { cwd: options.cwd, env: options.env, reject: false, stdin: "ignore", all: true, forceKillAfterDelay: 10_000 });
  child.all?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  });
  let exited = false;
  const done = child.then(() => {
    exited = true;
  });
  const base = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await done;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let last = "no answer";
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`${base}${options.health}`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return { base, port: options.port, pid: child.pid!, output: () => output, stop };
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(
    `${command.join(" ")} ${exited ? "exited" : "never answered 200"} on ${options.health} (last: ${last}):\n${output.split("\n").slice(-40).join("\n")}`,
  );
}
