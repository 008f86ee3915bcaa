// `npm run bench:serve`: how each generated API serves, the way production runs it.
// Per API template (templates/<id>/check.json with a production block): generate it with
// the defaults (and the options its production proof uses), install with uv, migrate, start
// it with 2 worker processes on PostgreSQL (and Redis), put a few rows behind its main list
// endpoint, then a bounded autocannon load on /health and on the list endpoint. Reports
// requests/s and p99 and the list endpoint as a ratio of /health in the same run (target
// >= 0.25x), and writes the table into BENCHMARKS.md between the serve markers.
//
// Environment:
//   BENCH_SERVE_SECONDS=N      seconds of load per endpoint (default 10)
//   BENCH_SERVE_CONNECTIONS=N  concurrent connections (default 16)
//   BENCH_TEMPLATES=a,b        only these templates
//   BENCH_OUT=file             report file (default BENCHMARKS.md)
//   CBP_E2E_DATABASE_URL / CBP_E2E_REDIS_URL: as for the e2e suite (tests/e2e/README.md);
//   this bench creates and drops one cbp_e2e_bench_* database per template and uses Redis db 15.
import { randomBytes } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(REPO, "bin", "create-backend-project.js");
const TEMPLATES = path.join(REPO, "templates");
const OUT = process.env.BENCH_OUT ?? path.join(REPO, "BENCHMARKS.md");
const SECONDS = Number(process.env.BENCH_SERVE_SECONDS ?? 10) || 10;
const CONNECTIONS = Number(process.env.BENCH_SERVE_CONNECTIONS ?? 16) || 16;
const WORKERS = 2;
const TARGET = 0.25;
const DB_ADMIN = process.env.CBP_E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS = `${(process.env.CBP_E2E_REDIS_URL || "redis://127.0.0.1:6379").replace(/\/\d*$/, "")}/15`;
const SEED_ROWS = 20;
const START_MARK = "<!-- bench:serve:start -->";
const END_MARK = "<!-- bench:serve:end -->";

const log = (...args) => console.error(`[bench:serve ${new Date().toISOString().slice(11, 19)}]`, ...args);
const sh = (file, args, opts = {}) => {
  const r = spawnSync(file, args, { encoding: "utf8", ...opts });
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} failed:\n${(r.stdout ?? "") + (r.stderr ?? "")}`.slice(0, 4000));
  return r.stdout;
};
const fill = (text, values) => text.replace(/\{\{\s*(\w+)\s*\}\}|\{(\w+)\}/g, (whole, a, b) => values[a ?? b] ?? whole);
const fillJson = (value, values) =>
  typeof value === "string"
    ? fill(value, values)
    : Array.isArray(value)
      ? value.map((v) => fillJson(v, values))
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, values)]))
        : value;
const at = (json, pointer) => pointer.slice(1).split("/").reduce((node, key) => (node == null ? undefined : node[key]), json);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function request(base, method, route, { body, token, scheme = "Bearer" } = {}) {
  const response = await fetch(base + route, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `${scheme} ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text };
}

function load(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function benchTemplate(id, check, manifest) {
  const production = check.production;
  const options = Object.fromEntries((manifest.options ?? []).map((o) => [o.name, o.default]));
  Object.assign(options, production.when ?? {});
  const optionArgs = Object.entries(options).flatMap(([k, v]) => (typeof v === "boolean" ? [v ? `--${k}` : `--no-${k}`] : [`--${k}`, v]));
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-serve-"));
  const dbName = `cbp_e2e_bench_${id.replace(/-/g, "_")}_${process.pid}`;
  let server;
  try {
    log(`${id}: generate + install (${optionArgs.join(" ") || "defaults"})`);
    sh(process.execPath, [BIN, "bench-app", "-t", id, "--yes", "--json", ...optionArgs], { cwd: root, env: { ...process.env, CREATE_BACKEND_PROJECT_TEMPLATES: "" } });
    const dir = path.join(root, "bench-app");
    const dbUrl = new URL(DB_ADMIN);
    dbUrl.pathname = `/${dbName}`;
    sh("psql", [DB_ADMIN, "-c", `CREATE DATABASE ${dbName}`]);
    sh("redis-cli", ["-u", REDIS, "FLUSHDB"]);
    const values = {
      packageName: "bench_app",
      slug: "bench-app",
      user: `bench_user_${randomBytes(3).toString("hex")}`,
      email: `bench-${randomBytes(3).toString("hex")}@example.com`,
      admin: `bench_admin_${randomBytes(3).toString("hex")}`,
      adminEmail: `bench-admin-${randomBytes(3).toString("hex")}@example.com`,
      limitUser: `bench_limit_${randomBytes(3).toString("hex")}`,
      limitEmail: `bench-limit-${randomBytes(3).toString("hex")}@example.com`,
      password: `Pw-${randomBytes(9).toString("base64url")}-bench`,
      secret: randomBytes(48).toString("base64url"),
      workers: String(WORKERS),
    };
    const bin = path.join(dir, ".venv", "bin");
    const env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      VIRTUAL_ENV: path.join(dir, ".venv"),
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: REDIS,
      ...Object.fromEntries(Object.entries(production.env ?? {}).map(([k, v]) => [k, fill(v, values)])),
    };
    for (const [file, ...args] of [...(check.prepare ?? []), ...(production.setup ?? [])].map((c) => c.map((p) => fill(p, values)))) {
      sh(file, args, { cwd: dir, env });
    }
    const port = await freePort();
    values.port = String(port);
    const [file, ...args] = production.serve.map((p) => fill(p, values));
    server = spawn(file, args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    server.stderr.on("data", (c) => (stderr = (stderr + c).slice(-20_000)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`${id}: server exited:\n${stderr}`);
      const ok = await fetch(base + check.health, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${id}: ${check.health} never answered 200:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 300));
    }

    // Sign in (the list may need it) and put rows behind the list endpoint.
    const auth = check.api?.auth;
    const tokens = {};
    if (auth) {
      if (auth.register) await request(base, "POST", auth.register.path, { body: fillJson(auth.register.body, values) });
      const signIn = async (who) => {
        const v = who === "admin" ? { ...values, email: values.adminEmail, user: values.admin } : values;
        const r = await request(base, "POST", auth.login.path, { body: fillJson(auth.login.body, v) });
        if (r.status !== 200) throw new Error(`${id}: login as ${who} → ${r.status} ${r.text.slice(0, 200)}`);
        return at(r.json, auth.login.accessToken);
      };
      tokens.user = await signIn("user");
      if (production.setup?.some((c) => c.some((p) => p.includes("{admin")))) tokens.admin = await signIn("admin");
    }
    const seed = production.seed;
    let seeded = 0;
    if (seed) {
      for (let i = 0; i < SEED_ROWS; i++) {
        const r = await request(base, seed.method, fill(seed.path, values), {
          body: fillJson(seed.body, { ...values, i: String(i) }),
          token: tokens[seed.as],
          scheme: auth?.scheme,
        });
        if (r.status < 300) seeded++;
        else throw new Error(`${id}: seeding ${seed.method} ${seed.path} → ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
    const listHeaders = production.listAs && production.listAs !== "anonymous" ? { authorization: `${auth.scheme} ${tokens[production.listAs]}` } : {};
    const probe = await request(base, "GET", production.list, { token: tokens[production.listAs], scheme: auth?.scheme });
    if (probe.status !== 200) throw new Error(`${id}: GET ${production.list} → ${probe.status} ${probe.text.slice(0, 200)}`);

    log(`${id}: ${SECONDS} s of load on ${check.health}, then on ${production.list}, ${CONNECTIONS} connections, ${WORKERS} workers`);
    const health = await load(base + check.health, {});
    const list = await load(base + production.list, listHeaders);
    const summary = (r) => ({ rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, total: r.requests.total });
    return { id, list: production.list, seeded, health: summary(health), listResult: summary(list) };
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    spawnSync("psql", [DB_ADMIN, "-c", `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
    spawnSync("redis-cli", ["-u", REDIS, "FLUSHDB"]);
    await rm(root, { recursive: true, force: true });
  }
}

const only = (process.env.BENCH_TEMPLATES ?? "").split(",").filter(Boolean);
const ids = readdirSync(TEMPLATES)
  .filter((d) => !d.startsWith("_") && existsSync(path.join(TEMPLATES, d, "check.json")))
  .filter((d) => !only.length || only.includes(d))
  .sort();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const rows = [];
for (const id of ids) {
  const check = JSON.parse(readFileSync(path.join(TEMPLATES, id, "check.json"), "utf8"));
  if (!check.production?.list) continue;
  const manifest = JSON.parse(readFileSync(path.join(TEMPLATES, id, "template.json"), "utf8"));
  try {
    rows.push(await benchTemplate(id, check, manifest));
  } catch (error) {
    log(String(error.message ?? error));
    rows.push({ id, error: String(error.message ?? error).split("\n")[0] });
  }
}

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
const lines = [
  START_MARK,
  "## 6. Serving (`npm run bench:serve`)",
  "",
  `Generated by \`bench/serve.mjs\` on ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Each API template is generated with its defaults (PostgreSQL where it is an option), migrated and served the way its Dockerfile does with ${WORKERS} worker processes on PostgreSQL and Redis; ${SEED_ROWS} rows are created behind the list endpoint where check.json says how. autocannon then loads \`/health\` and the list endpoint for ${SECONDS} s each with ${CONNECTIONS} connections, one after the other, from the same ${os.cpus().length}-CPU machine (the load generator shares the CPUs with the server). Target: the list endpoint at ≥ ${TARGET}× the requests/s of \`/health\` in the same run. Load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(", ")}; at end: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}.`,
  "",
  "| template | list endpoint | /health req/s | /health p99 | list req/s | list p99 | list ÷ /health | target ≥ 0.25× |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) =>
    r.error
      ? `| ${r.id} | – | – | – | – | – | – | failed: ${r.error.replace(/\|/g, "\\|").slice(0, 160)} |`
      : `| ${r.id} | \`GET ${r.list}\` (${r.seeded} rows) | ${fmt(r.health.rps)} | ${r.health.p99} ms | ${fmt(r.listResult.rps)} | ${r.listResult.p99} ms | ${(r.listResult.rps / r.health.rps).toFixed(2)}× | ${r.listResult.rps / r.health.rps >= TARGET ? "met" : "missed"}${r.health.errors + r.listResult.errors ? ` (${r.health.errors + r.listResult.errors} errors or non-2xx)` : ""} |`,
  ),
  "",
  END_MARK,
];
const existing = existsSync(OUT) ? await readFile(OUT, "utf8") : "# Benchmarks\n";
const start = existing.indexOf(START_MARK);
const end = existing.indexOf(END_MARK);
const next =
  start >= 0 && end > start
    ? existing.slice(0, start) + lines.join("\n") + existing.slice(end + END_MARK.length)
    : existing.replace(/\n## Commands/, `\n${lines.join("\n")}\n\n## Commands`).includes(START_MARK)
      ? existing.replace(/\n## Commands/, `\n${lines.join("\n")}\n\n## Commands`)
      : `${existing.trimEnd()}\n\n${lines.join("\n")}\n`;
await writeFile(OUT, next);
console.log(lines.slice(4, -2).join("\n"));
log(`wrote the serving table into ${path.relative(process.cwd(), OUT) || OUT}`);
if (rows.some((r) => r.error)) process.exitCode = 1;
