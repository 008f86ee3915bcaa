import { beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "../../src/core/registry.js";
import { type CheckSpec, isProductionRun, loadCheck, servicesFor } from "../helpers/e2eCheck.js";
import { Connection } from "../helpers/e2eHttp.js";
import { findPythons } from "../helpers/e2ePythons.js";
import { generate, runCommands, runOwnChecks, UV_DIR } from "../helpers/e2eProject.js";
import { e2eRuns } from "../helpers/e2eRuns.js";
import { freePort, startServer } from "../helpers/e2eServer.js";
import { createDatabase, requireServices, takeRedisDatabase } from "../helpers/e2eServices.js";
import { describeCombo } from "../helpers/generate.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { TEMPLATES } from "../helpers/paths.js";
import { errorShapesProbe } from "./probes/errorShapes.js";
import { proveProduction, recordFailure } from "./production.js";

/**
 * For every shipped template: generate it with the built CLI, install it for real (uv and
 * venv + pip across the runs, on Python 3.11), run its own ruff, checks and pytest against real
 * PostgreSQL/Redis and its server's /health; on its PostgreSQL run, the production proof
 * (production.ts). tests/e2e/README.md says what the suite does to local services.
 */
const registry = await loadRegistry(TEMPLATES);
const checks = new Map<string, CheckSpec | undefined>();
for (const m of registry.templates) checks.set(m.id, await loadCheck(TEMPLATES, m.id));
const scratch = scratchFolders("e2e");
let python311: string;

beforeAll(async () => {
  const needs = new Set<string>();
  for (const check of checks.values()) {
    for (const s of check?.services ?? []) needs.add(s.name);
    for (const s of check?.production?.services ?? []) needs.add(s);
  }
  await requireServices(needs);
  if (!UV_DIR) throw new Error("uv is not on PATH: the e2e suite tests the uv install path too (.ci/run installs it).");
  const pythons = await findPythons();
  python311 = pythons.get("3.11") ?? [...pythons.values()][0]!;
});

it("covers every shipped template, each with a check.json", () => {
  expect(registry.templates.length).toBeGreaterThan(0);
  expect([...checks].filter(([, c]) => !c).map(([id]) => `templates/${id}/check.json`), "missing check.json").toEqual([]);
  for (const [id, check] of checks) {
    if (check?.api) expect(check.production, `${id} is an API: check.json needs a production block`).toBeDefined();
  }
});

describe.each(registry.templates.map((m) => [m.id, m] as const))("%s", (id, manifest) => {
  const check = checks.get(id);
  const runs = check ? e2eRuns(manifest) : [];
  // The production proof runs once per template, on its first PostgreSQL run.
  const proofRun = runs.find((r) => isProductionRun(check!, r.options, servicesFor(check!, r.options)));
  it.each(runs.map((r) => [describeCombo(r.options), r.installer, r] as const))(
    "%s, installed with %s: ruff, checks, pytest, /health (and the production proof on PostgreSQL)",
    async (_combo, installer, run) => {
      const spec = check!;
      const services = servicesFor(spec, run.options);
      const production = run === proofRun;
      const needs = new Set([...services, ...(production ? spec.production!.services : [])]);
      const env: Record<string, string> = {};
      const cleanups: Array<() => Promise<void>> = [];
      try {
        let flushRedis = async () => {};
        if (needs.has("postgres")) {
          const db = await createDatabase(id);
          cleanups.push(db.drop);
          env.DATABASE_URL = db.url;
        }
        if (needs.has("redis")) {
          const redis = await takeRedisDatabase();
          cleanups.push(redis.flush);
          env.REDIS_URL = redis.url;
          flushRedis = redis.flush;
        }
        const project = await generate(await scratch(), manifest, run.options, installer, env, python311);
        await runOwnChecks(project, spec);
        await runCommands(project, spec.prepare, {});
        if (production) {
          await proveProduction(project, spec, await scratch(), flushRedis);
          return;
        }
        const port = await freePort();
        const server = await startServer(
          spec.serve.map((p) => project.fill(p, { port: String(port) })),
          { cwd: project.dir, env: project.env, port, health: spec.health },
        );
        try {
          if (spec.api) expect(await errorShapesProbe(server.base, spec.api), "framework errors in the one shape").toEqual([]);
          const conn = new Connection(server.base);
          expect((await conn.send("GET", spec.health)).status).toBe(200);
          conn.close();
        } finally {
          await server.stop();
        }
      } catch (error) {
        await recordFailure(`${id} ${describeCombo(run.options)} (${installer})`, error);
        throw error;
      } finally {
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      }
    },
  );
});
