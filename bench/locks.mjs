// `npm run bench:locks` (also the last part of `npm run bench`): issue 18's numbers, side
// by side in one run, per template:
//   - install from the lock with uv, warm cache (`uv sync --locked` into a fresh .venv);
//   - install from the lock with pip (`--require-hashes -r requirements-dev.txt`, then the
//     project `--no-deps`) against pip resolving the ranges, as every project did before
//     the lock (`pip install -e . <the dev group's ranges>`), each into a fresh venv;
//   - time to green with uv: generate (files, git, venv), install, the project's own
//     pytest, with the slowest part named.
// It rewrites the block between <!-- bench:locks:start --> and <!-- bench:locks:end -->
// in BENCHMARKS.md (bench/run.mjs keeps it).
//
// Environment: BENCH_LOCK_RUNS (uv runs, default 5), BENCH_PIP_RUNS (default 1), BENCH_PIP_WARMUP=0,
// BENCH_TEMPLATES=a,b, BENCH_PYTHON (default python3.11), BENCH_REDIS_URL (default
// redis://127.0.0.1:6379; db 9 is flushed), PostgreSQL as postgres@127.0.0.1:5432.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(REPO, "bin", "create-backend-project.js");
const TEMPLATES = path.join(REPO, "templates");
const OUT = process.env.BENCH_OUT ?? path.join(REPO, "BENCHMARKS.md");
const UV_RUNS = Math.max(1, Number(process.env.BENCH_LOCK_RUNS ?? 5) || 5);
const PIP_RUNS = Math.max(1, Number(process.env.BENCH_PIP_RUNS ?? 1) || 1);
// 0 skips pip's untimed warm-up, when pip's cache already holds the locked wheels (after an e2e run).
const PIP_WARMUP = process.env.BENCH_PIP_WARMUP === "0" ? 0 : 1;
const REDIS = (process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379").replace(/\/\d*$/, "");
const PIP_ENV = { PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1" };

const log = (...a) => console.error(`[bench:locks ${new Date().toISOString().slice(11, 19)}]`, ...a);

function run(file, args, { cwd, env = {}, timeoutMs = 1_800_000 } = {}) {
  const t0 = performance.now();
  const r = spawnSync(file, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 << 20, timeout: timeoutMs });
  const seconds = (performance.now() - t0) / 1000;
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0) throw new Error(`${path.basename(file)} ${args.slice(0, 4).join(" ")}: ${output.trim().split("\n").slice(-3).join(" / ") || r.error}`);
  return { seconds, output: r.stdout?.toString() ?? "" };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => (s === undefined ? "–" : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`);

const python = run(process.env.BENCH_PYTHON ?? "python3.11", ["-c", "import sys; print(sys.executable)"]).output.trim();
const uvVersion = run("uv", ["--version"]).output.trim();
const ids = (await readdir(TEMPLATES, { withFileTypes: true }))
  .filter((e) => e.isDirectory() && !e.name.startsWith("_") && existsSync(path.join(TEMPLATES, e.name, "files", "uv.lock.hbs")))
  .map((e) => e.name)
  .filter((id) => !process.env.BENCH_TEMPLATES || process.env.BENCH_TEMPLATES.split(",").includes(id))
  .sort();
const scratch = await mkdtemp("/tmp/bench-locks-");
const startedAt = new Date();
const loadAtStart = os.loadavg();
const rows = [];

function services(id) {
  const checkFile = path.join(TEMPLATES, id, "check.json");
  const manifest = JSON.parse(readFileSync(path.join(TEMPLATES, id, "template.json"), "utf8"));
  const answers = Object.fromEntries((manifest.options ?? []).map((o) => [o.name, o.default]));
  const check = existsSync(checkFile) ? JSON.parse(readFileSync(checkFile, "utf8")) : {};
  const matches = (when) => !when || Object.entries(when).every(([k, v]) => answers[k] === v);
  return (check.services ?? []).filter((s) => matches(s.when)).map((s) => s.name);
}

try {
  for (const id of ids) {
    log(id);
    const row = { id };
    const parent = await mkdtemp(path.join(scratch, `${id}-`));
    run(process.execPath, [BIN, "app", "-t", id, "--yes", "--no-git", "--no-venv"], { cwd: parent });
    const project = path.join(parent, "app");
    const venv = path.join(project, ".venv");
    const vpy = path.join(venv, "bin", "python");
    const freshVenv = async (kind) => {
      await rm(venv, { recursive: true, force: true });
      if (kind === "uv") run("uv", ["venv", "--quiet", "--python", python, venv], { cwd: project });
      else run(python, ["-m", "venv", venv], { cwd: project });
    };

    // uv: one untimed sync fills the cache, then each run installs into an empty venv.
    const uvTimes = [];
    for (let i = 0; i <= UV_RUNS; i++) {
      await freshVenv("uv");
      const t = run("uv", ["sync", "--locked", "--quiet"], { cwd: project }).seconds;
      if (i > 0) uvTimes.push(t);
    }
    row.uv = median(uvTimes);
    row.uvRange = [Math.min(...uvTimes), Math.max(...uvTimes)];

    // pip, from the lock and from the ranges, alternated so both see the same warm cache.
    const dev = parseToml(readFileSync(path.join(project, "pyproject.toml"), "utf8"))["dependency-groups"].dev;
    const pipLock = [];
    const pipRanges = [];
    for (let i = 1 - PIP_WARMUP; i <= PIP_RUNS; i++) {
      await freshVenv("pip");
      const a = run(vpy, ["-m", "pip", "install", "-q", "--require-hashes", "-r", "requirements-dev.txt"], { cwd: project, env: PIP_ENV }).seconds;
      const b = run(vpy, ["-m", "pip", "install", "-q", "--no-deps", "-e", "."], { cwd: project, env: PIP_ENV }).seconds;
      await freshVenv("pip");
      const c = run(vpy, ["-m", "pip", "install", "-q", "-e", ".", ...dev], { cwd: project, env: PIP_ENV }).seconds;
      if (i > 0) {
        pipLock.push(a + b);
        pipRanges.push(c);
      }
    }
    row.pipLock = median(pipLock);
    row.pipRanges = median(pipRanges);

    // Time to green with uv: the CLI's own step times, then the project's pytest.
    const needs = services(id);
    const env = {};
    const db = `cbp_bench_locks_${id.replace(/-/g, "_")}_${process.pid}`;
    if (needs.includes("postgres")) {
      run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-c", `CREATE DATABASE ${db}`]);
      env.DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${db}`;
    }
    if (needs.includes("redis")) {
      env.REDIS_URL = `${REDIS}/9`;
      run("redis-cli", ["-u", env.REDIS_URL, "FLUSHDB"]);
    }
    try {
      const greenParent = await mkdtemp(path.join(scratch, `${id}-green-`));
      const gen = run(process.execPath, [BIN, "app", "-t", id, "--yes", "--json", "--python", python], { cwd: greenParent });
      const steps = Object.fromEntries(JSON.parse(gen.output).steps.map((s) => [s.id, s.ms / 1000]));
      const dir = path.join(greenParent, "app");
      const bin = path.join(dir, ".venv", "bin");
      const test = run(path.join(bin, "pytest"), ["-q", "-p", "no:cacheprovider"], {
        cwd: dir,
        env: { ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, VIRTUAL_ENV: path.join(dir, ".venv") },
      });
      row.generate = gen.seconds - steps.install;
      row.install = steps.install;
      row.tests = test.seconds;
      row.green = gen.seconds + test.seconds;
      const parts = { generate: row.generate, install: row.install, tests: row.tests };
      row.slowest = Object.entries(parts).sort((a, b) => b[1] - a[1])[0][0];
    } finally {
      if (env.DATABASE_URL) run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-c", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
      if (env.REDIS_URL) run("redis-cli", ["-u", env.REDIS_URL, "FLUSHDB"]);
    }
    log(row);
    rows.push(row);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const load = (l) => l.map((x) => x.toFixed(2)).join(", ");
const block = [
  "<!-- bench:locks:start -->",
  "## 7. Installs from the lock and time to green (`npm run bench:locks`, issue 18)",
  "",
  `Measured ${startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC with ${uvVersion} and ${python}; load average at start ${load(loadAtStart)}, at end ${load(os.loadavg())} on ${os.cpus().length} CPUs (other people's suites run on this machine, so absolute times are noisy; the columns of one row ran back to back). ` +
    `uv: median of ${UV_RUNS} runs after one untimed warm-up, each \`uv sync --locked\` into a fresh venv (warm cache). pip: median of ${PIP_RUNS}${PIP_WARMUP ? " after a warm-up" : " (no warm-up: pip's cache already held these wheels from the e2e run)"}, each into a fresh \`python -m venv\`: from the lock = \`pip install --require-hashes -r requirements-dev.txt\` + \`pip install --no-deps -e .\`; from the ranges = \`pip install -e . <dev group>\` (what every project did before the lock). Time to green: one generation with uv (\`--yes --json\`, default answers), then \`pytest -q\`; generate = files + git + venv steps.`,
  "",
  "| template | uv from lock (min – max) | target ≤ 2 s | pip from lock | pip from ranges | lock / ranges | target ≤ 0.6× | time to green (uv) | generate | install | tests | slowest | target ≤ 10 s |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => {
    const ratio = r.pipLock / r.pipRanges;
    return `| ${r.id} | ${fmt(r.uv)} (${fmt(r.uvRange[0])} – ${fmt(r.uvRange[1])}) | ${r.uv <= 2 ? "met" : "**missed**"} | ${fmt(r.pipLock)} | ${fmt(r.pipRanges)} | ${ratio.toFixed(2)}× | ${ratio <= 0.6 ? "met" : "**missed**"} | ${fmt(r.green)} | ${fmt(r.generate)} | ${fmt(r.install)} | ${fmt(r.tests)} | ${r.slowest} | ${r.green <= 10 ? "met" : "**missed**"} |`;
  }),
  "<!-- bench:locks:end -->",
].join("\n");

const previous = existsSync(OUT) ? readFileSync(OUT, "utf8") : "# Benchmarks\n";
const marked = /<!-- bench:locks:start -->[\s\S]*<!-- bench:locks:end -->/;
await writeFile(OUT, marked.test(previous) ? previous.replace(marked, block) : previous.replace(/\n## Commands/, `\n${block}\n\n## Commands`));
log(`wrote ${OUT}`);
