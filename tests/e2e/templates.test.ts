import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesWhen } from "../../src/core/manifest.js";
import { deriveNames } from "../../src/core/names.js";
import { fillNames } from "../../src/core/plan.js";
import { loadRegistry } from "../../src/core/registry.js";
import { cli } from "../helpers/cli.js";
import { e2eRuns, optionArgs } from "../helpers/e2eRuns.js";
import { describeCombo, tempDir } from "../helpers/generate.js";
import { TEMPLATES } from "../helpers/paths.js";

/**
 * For every shipped template: generate it with the built CLI, install it for real
 * (uv and venv + pip across the runs), then run its own ruff, migrations check,
 * pytest against the real PostgreSQL and Redis, and its server's /health.
 */
const registry = await loadRegistry(TEMPLATES);
const PG = { host: "127.0.0.1", port: "5432", user: "postgres" };
const pathDirs = (process.env.PATH ?? "").split(path.delimiter);
const uvDir = pathDirs.find((dir) => existsSync(path.join(dir, "uv")));
const PATH_WITHOUT_UV = pathDirs.filter((dir) => !existsSync(path.join(dir, "uv"))).join(path.delimiter);

// Every project is generated with text that breaks naive templating; its own tests must still pass.
const HOSTILE_TEXT = [
  "--description",
  `It's a "portfolio" project: {{braces}}, </script>, $(rm -rf ~), \`ticks\`, back\\slash & 🐍`,
  "--author",
  `Zoë O'Brien "the {{dev}}"`,
];

const scratch: string[] = [];
// Redis databases 10-15 belong to this suite; developers' manual runs use lower ones.
let redisRuns = 0;

async function sh(file: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const result = await execa(file, args, { ...options, all: true, reject: false, stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? "") };
}

async function expectOk(label: string, file: string, args: string[], options: Parameters<typeof sh>[2]) {
  const { exitCode, output } = await sh(file, args, options);
  const tail = output.trimEnd().split("\n").slice(-80).join("\n");
  expect(exitCode, `${label} failed:\n${tail}`).toBe(0);
  return output;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Errors the framework raises itself (routing, parsing, size) must still use the app's one JSON shape. */
async function probeErrorShapes(base: string, api: { unknownRoute: string; jsonPost: string }): Promise<void> {
  const probes: Array<[string, RequestInit & { path: string }, number[]]> = [
    ["unknown route", { path: api.unknownRoute, method: "GET" }, [404]],
    ["malformed JSON", { path: api.jsonPost, method: "POST", headers: { "content-type": "application/json" }, body: '{"oops":' }, [400, 422]],
    ["wrong content type", { path: api.jsonPost, method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }, [400, 415, 422]],
    [
      "2 MiB body",
      { path: api.jsonPost, method: "POST", headers: { "content-type": "application/json" }, body: `{"email": "${"a".repeat(2 * 1024 * 1024)}"}` },
      [413],
    ],
  ];
  const shapes = new Set<string>();
  for (const [label, { path: route, ...init }, statuses] of probes) {
    const response = await fetch(`${base}${route}`, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    expect(statuses, `${label}: status ${response.status}, body ${text.slice(0, 200)}`).toContain(response.status);
    expect(response.headers.get("content-type"), `${label}: content type`).toMatch(/json/);
    shapes.add(Object.keys(JSON.parse(text)).sort().join(","));
  }
  expect([...shapes], "one error shape").toHaveLength(1);
}

async function waitForHealth(url: string, server: ResultPromise, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.exitCode !== null && server.exitCode !== undefined) return -1;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return 200;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} never answered 200 (last: ${last})`);
}

beforeAll(async () => {
  const needs = new Set(registry.templates.flatMap((t) => t.check.services.map((s) => s.name)));
  if (needs.has("postgres")) {
    const { exitCode, output } = await sh("pg_isready", ["-h", PG.host, "-p", PG.port]);
    if (exitCode !== 0) throw new Error(`PostgreSQL is not reachable on ${PG.host}:${PG.port} (run ../shared/services.sh): ${output}`);
  }
  if (needs.has("redis")) {
    const { output } = await sh("redis-cli", ["-h", "127.0.0.1", "ping"]);
    if (!output.includes("PONG")) throw new Error(`Redis is not reachable on 127.0.0.1:6379 (run ../shared/services.sh): ${output}`);
  }
  if (!uvDir) throw new Error("uv is not on PATH: the e2e suite tests the uv install path too (.ci/run installs it).");
});

afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

it("covers at least one shipped template", () => {
  expect(registry.templates.length).toBeGreaterThan(0);
});

describe.each(registry.templates.map((m) => [m.id, m] as const))("%s", (_id, manifest) => {
  it.each(e2eRuns(manifest).map((r) => [describeCombo(r.options), r.installer, r] as const))(
    "%s, installed with %s: ruff, checks, pytest and /health pass",
    async (_combo, installer, run) => {
      const dir = await tempDir(`e2e-${manifest.id}`);
      scratch.push(dir);
      const services = manifest.check.services.filter((s) => matchesWhen(s.when, run.options)).map((s) => s.name);
      const env: Record<string, string> = {};
      const database = `cbp_e2e_${manifest.id.replace(/-/g, "_")}_${Date.now()}`;
      if (services.includes("postgres")) {
        await expectOk("createdb", "psql", ["-h", PG.host, "-U", PG.user, "-c", `CREATE DATABASE ${database}`], {});
        env.DATABASE_URL = `postgresql://${PG.user}@${PG.host}:${PG.port}/${database}`;
      }
      const redis = String(10 + (redisRuns++ % 6));
      if (services.includes("redis")) {
        await expectOk("redis flush", "redis-cli", ["-n", redis, "FLUSHDB"], {});
        env.REDIS_URL = `redis://127.0.0.1:6379/${redis}`;
      }
      let server: ResultPromise | undefined;
      const port = await freePort();
      try {
        const PATH = installer === "uv" ? process.env.PATH! : PATH_WITHOUT_UV;
        const generated = await cli(["my-project", "-t", manifest.id, "--yes", "--json", ...HOSTILE_TEXT, ...optionArgs(run.options)], {
          cwd: dir,
          templates: null,
          env: { PATH },
        });
        expect(generated.exitCode, `generation failed:\n${generated.stderr}\n${generated.stdout}`).toBe(0);
        const report = JSON.parse(generated.stdout);
        expect(report.installer).toBe(installer);
        expect(report.steps.map((s: { status: string }) => s.status)).toEqual(["done", "done", "done", "done"]);

        const project = path.join(dir, "my-project");
        const names = deriveNames(dir, "my-project");
        const command = (parts: string[]) => parts.map((part) => fillNames(part, names, manifest.id).replace("{port}", String(port)));
        const bin = path.join(project, ".venv", "bin");
        const projectEnv = { ...env, PATH: `${bin}${path.delimiter}${PATH}`, VIRTUAL_ENV: path.join(project, ".venv") };
        const inProject = { cwd: project, env: projectEnv };
        expect(await readFile(path.join(project, ".gitignore"), "utf8")).toMatch(/^\.env$/m);

        await expectOk("ruff check", "ruff", ["check", "."], inProject);
        await expectOk("ruff format --check", "ruff", ["format", "--check", "."], inProject);
        await expectOk("ruff check --select S (bandit rules)", "ruff", ["check", "--select", "S", "."], inProject);

        // The initial commit must hold no secret the generator wrote (.env values, private keys).
        const envValues = (await readFile(path.join(project, ".env"), "utf8"))
          .split("\n")
          .filter((line) => /^[A-Z0-9_]*(SECRET|KEY|TOKEN)[A-Z0-9_]*=/.test(line))
          .map((line) => line.replace(/^[A-Z0-9_]+=/, "").replace(/^["']|["']$/g, ""))
          .filter((value) => value.length >= 32);
        const pems = (await expectOk("find keys", "find", [".", "-name", "*.pem", "-not", "-path", "./.venv/*"], { cwd: project }))
          .split("\n")
          .filter(Boolean);
        for (const pem of pems) {
          envValues.push(...(await readFile(path.join(project, pem), "utf8")).split("\n").filter((l) => l.length > 40));
        }
        expect(envValues.length, "the generator wrote a secret").toBeGreaterThan(0);
        const history = await expectOk("git log", "git", ["log", "-p", "--all"], { cwd: project });
        expect(history).toContain("Initial commit from create-backend-project");
        expect(envValues.filter((v) => history.includes(v)), "secrets in git history").toEqual([]);
        for (const [file, ...args] of manifest.check.verify.map(command)) await expectOk([file, ...args].join(" "), file!, args, inProject);
        await expectOk("pytest", "pytest", ["-q", "-p", "no:cacheprovider"], inProject);
        for (const [file, ...args] of manifest.check.prepare.map(command)) await expectOk([file, ...args].join(" "), file!, args, inProject);

        const [file, ...args] = command(manifest.check.serve);
        server = execa(file!, args, { ...inProject, reject: false, all: true, stdin: "ignore" });
        const status = await waitForHealth(`http://127.0.0.1:${port}${manifest.check.health}`, server).catch(
          (error: Error) => error.message,
        );
        if (status !== 200) {
          server.kill("SIGTERM");
          const result = await server;
          expect(status, `server did not become healthy:\n${String(result.all ?? "").split("\n").slice(-40).join("\n")}`).toBe(200);
        }
        if (manifest.check.api) await probeErrorShapes(`http://127.0.0.1:${port}`, manifest.check.api);
      } finally {
        if (server) {
          server.kill("SIGTERM");
          await server;
        }
        if (env.DATABASE_URL) await sh("psql", ["-h", PG.host, "-U", PG.user, "-c", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
        if (env.REDIS_URL) await sh("redis-cli", ["-n", redis, "FLUSHDB"]);
      }
    },
  );
});
