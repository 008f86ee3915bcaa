import { beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "../../src/core/registry.js";
import type { OptionValue } from "../../src/core/manifest.js";
import { loadCheck, servicesFor } from "../helpers/e2eCheck.js";
import { findPythons, REQUIRED_VERSIONS } from "../helpers/e2ePythons.js";
import { generate, runOwnChecks } from "../helpers/e2eProject.js";
import { createDatabase, requireServices, takeRedisDatabase } from "../helpers/e2eServices.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { TEMPLATES } from "../helpers/paths.js";
import { recordFailure } from "./production.js";

/**
 * Every template, default options, on each newer Python (3.12, 3.13): generate → install →
 * its own ruff, checks and pytest. The option matrix runs on 3.11 (templates.test.ts).
 */
const registry = await loadRegistry(TEMPLATES);
const versions = REQUIRED_VERSIONS.filter((v) => v !== "3.11");
const scratch = scratchFolders("e2e-py");
let pythons: Map<string, string>;

beforeAll(async () => {
  pythons = await findPythons();
  await requireServices(new Set(["postgres", "redis"]));
});

it("has newer Pythons to prove (CBP_E2E_PYTHON_VERSIONS narrows them)", () => {
  expect(REQUIRED_VERSIONS.length).toBeGreaterThan(0);
});

describe.each(versions)("Python %s", (version) => {
  it.each(registry.templates.map((m) => [m.id, m] as const))("%s with default options: install, ruff, checks, pytest", async (id, manifest) => {
    const check = await loadCheck(TEMPLATES, id);
    expect(check, `templates/${id}/check.json`).toBeDefined();
    const options: Record<string, OptionValue> = Object.fromEntries(manifest.options.map((o) => [o.name, o.default]));
    const services = servicesFor(check!, options);
    const env: Record<string, string> = {};
    const cleanups: Array<() => Promise<void>> = [];
    try {
      if (services.includes("postgres")) {
        const db = await createDatabase(`${id}_py${version.replace(".", "")}`);
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      }
      if (services.includes("redis")) {
        const redis = await takeRedisDatabase();
        cleanups.push(redis.flush);
        env.REDIS_URL = redis.url;
      }
      const project = await generate(await scratch(), manifest, options, "uv", env, pythons.get(version));
      await runOwnChecks(project, check!);
    } catch (error) {
      await recordFailure(`${id} on Python ${version}`, error);
      throw error;
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
  });
});
