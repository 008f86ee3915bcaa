import { appendFile } from "node:fs/promises";
import { expect } from "vitest";
import type { CheckSpec } from "../helpers/e2eCheck.js";
import { Connection, describeAnswer } from "../helpers/e2eHttp.js";
import { type Project, runCommands } from "../helpers/e2eProject.js";
import { freePort, type Server, startServer, waitForChildren } from "../helpers/e2eServer.js";
import { errorShape, identities, type ProbeContext, register, signIn } from "./probes/context.js";
import { conversationProbe } from "./probes/conversation.js";
import { errorShapesProbe } from "./probes/errorShapes.js";
import { hostileProbe } from "./probes/hostile.js";
import { limitsProbe } from "./probes/limits.js";
import { pagesProbe, signInWith } from "./probes/pages.js";
import { racesProbe } from "./probes/races.js";
import { schemathesisProbe } from "./probes/schemathesis.js";
import { websocketProbe } from "./probes/websocket.js";

export const WORKERS = 2;
/** On by default; CBP_E2E_BROWSER=0 leaves it out on a machine without Chromium (tests/e2e/README.md). */
const BROWSER = process.env.CBP_E2E_BROWSER !== "0";

/** With CBP_E2E_FAILURES=<file>, a failed run's message is appended there as it happens (the reporter prints at the end). */
export async function recordFailure(label: string, error: unknown): Promise<void> {
  if (!process.env.CBP_E2E_FAILURES) return;
  const message = error instanceof Error ? error.message : String(error);
  await appendFile(process.env.CBP_E2E_FAILURES, `[${label}] ${message.split("\n").slice(0, 40).join("\n")}\n`);
}

/** Soft-asserts a probe's failures; with CBP_E2E_FAILURES=<file>, also appends them there as they happen. */
async function report(label: string, failures: string[]): Promise<void> {
  if (process.env.CBP_E2E_FAILURES && failures.length) {
    await appendFile(process.env.CBP_E2E_FAILURES, failures.map((f) => `[${label}] ${f}\n`).join(""));
  }
  expect.soft(failures, label).toEqual([]);
}

/**
 * The production proof of one generated project (already installed, migrated): serve it the
 * way its Dockerfile does with two worker processes, then the limit, race, hostile-input and
 * schemathesis probes. Each probe kind reports all its failures at once (soft assertions).
 */
export async function proveProduction(project: Project, check: CheckSpec, scratch: string, resetRedis: () => Promise<void>): Promise<void> {
  const production = check.production!;
  const values = identities();
  const env = { ...project.env, ...Object.fromEntries(Object.entries(production.env).map(([k, v]) => [k, project.fill(v, values)])) };
  await runCommands({ ...project, env }, production.setup, values);
  if (production.setup.some((cmd) => cmd.some((part) => part.includes("{adminEmail}") || part.includes("{admin}")))) values.adminCreated = "yes";

  const port = await freePort();
  const server = await startServer(
    production.serve.map((part) => project.fill(part, { ...values, port: String(port), workers: String(WORKERS) })),
    { cwd: project.dir, env, port, health: check.health },
  );
  // A second, separate server process on the same database and Redis, started when a probe
  // needs it: a client on each proves the fan-out crosses processes, which one multi-worker
  // port cannot pin down.
  let other: Server | undefined;
  const secondProcess = async (): Promise<Server> => {
    if (other) return other;
    const otherPort = await freePort();
    other = await startServer(
      production.serve.map((part) => project.fill(part, { ...values, port: String(otherPort), workers: "1" })),
      { cwd: project.dir, env, port: otherPort, health: check.health },
    );
    return other;
  };
  try {
    // A worker answers /health before its sibling has forked, on a loaded machine: wait for both.
    const workers = await waitForChildren(server.pid, WORKERS, 30_000);
    expect(workers.length, `${production.serve[0]} runs ${WORKERS} worker processes`).toBeGreaterThanOrEqual(WORKERS);
    if (production.ready) {
      const conn = new Connection(server.base);
      const ready = await conn.send("GET", production.ready).finally(() => conn.close());
      expect(ready.status, `GET ${production.ready} → ${describeAnswer(ready)}`).toBe(200);
    }
    if (BROWSER && check.pages?.length) await report(`${project.id} pages in Chromium`, await pagesProbe(server.base, project.id, check.pages, signInWith(check, (v) => project.fill(v, values))));
    // Before the API probes, so the page (and its screenshot) shows the conversation, not their rooms.
    if (BROWSER && check.conversation) {
      const second = await secondProcess();
      await report(`${project.id} conversation in Chromium across processes`, await conversationProbe(project.id, check.conversation, [server.base, second.base]));
      await resetRedis();
    }
    if (!check.api) return;
    await report(`${project.id} framework errors in the one shape`, await errorShapesProbe(server.base, check.api));
    const ctx: ProbeContext = { base: server.base, check, api: check.api, auth: check.api.auth, values, saved: {}, tokens: {}, resetLimits: resetRedis };
    const shape = await errorShape(ctx);

    // The limit first, on a fresh server: nothing else has tried a login yet.
    await register(ctx, "user");
    await register(ctx, "limit");
    await report(`${project.id} login limit across workers`, await limitsProbe(ctx));

    await ctx.resetLimits();
    await signIn(ctx);
    await report(`${project.id} races`, await racesProbe(ctx));

    await ctx.resetLimits();
    await signIn(ctx);
    await report(`${project.id} hostile input`, await hostileProbe(ctx, shape));

    await ctx.resetLimits();
    await signIn(ctx);
    await report(`${project.id} schemathesis`, await schemathesisProbe(ctx, scratch));

    if (check.websocket) {
      const second = await secondProcess();
      await ctx.resetLimits();
      await signIn(ctx);
      await report(`${project.id} WebSocket across processes`, await websocketProbe(ctx, check.websocket, [server.base, second.base]));
    }

    const last = new Connection(server.base);
    const after = await last.send("GET", check.health).finally(() => last.close());
    expect(after.status, "the server is still healthy after the probes").toBe(200);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server output (tail) ---\n${server.output().split("\n").slice(-30).join("\n")}`);
  } finally {
    await other?.stop();
    await server.stop();
  }
}
