// The bench harness: the paths and settings every suite shares, the scratch
// folder, and the measuring helpers (run a command, time it, format the result).
// Suites live in run.mjs; nothing here knows what is measured.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = path.join(REPO, "bin", "create-backend-project.js");
export const TEMPLATES = path.join(REPO, "templates");
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7) || 7);
export const SKIP_GREEN = process.env.BENCH_SKIP_GREEN === "1";
export const OUT = process.env.BENCH_OUT ?? path.join(REPO, "BENCHMARKS.md");
export const NODE = process.execPath;
export const PG = { host: "127.0.0.1", port: "5432", user: "postgres" };
export const REDIS_DB = "9";
export const SLUG = "bench-app";
export const PKG = "bench_app";

export const pathDirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
export const uvOnPath = pathDirs.find((d) => existsSync(path.join(d, "uv")));
export const PATH_NO_UV = pathDirs.filter((d) => !existsSync(path.join(d, "uv"))).join(path.delimiter);
export const ENV_NO_UV = { ...process.env, PATH: PATH_NO_UV };

export const startedAt = new Date();
export const loadAtStart = os.loadavg();
export const ROOT = await mkdtemp("/tmp/bench-");
let cleaned = false;
export async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await rm(ROOT, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- helpers

export function log(...args) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
}

/** Runs a command (argument array, no shell) and returns its wall time in seconds. */
export function run(file, args, { cwd = ROOT, env = process.env, timeoutMs = 600_000, input } = {}) {
  const t0 = performance.now();
  const r = spawnSync(file, args, {
    cwd,
    env,
    input,
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const seconds = (performance.now() - t0) / 1000;
  const stdout = r.stdout ? r.stdout.toString() : "";
  const stderr = r.stderr ? r.stderr.toString() : "";
  const code = r.error ? (r.error.code ?? String(r.error)) : r.status ?? `signal ${r.signal}`;
  return { ok: code === 0, code, seconds, stdout, stderr };
}

export function must(label, result) {
  if (!result.ok) {
    throw new Error(`${label} failed (${result.code}):\n${(result.stderr || result.stdout).trim().split("\n").slice(-30).join("\n")}`);
  }
  return result;
}

export function lastLine(result) {
  const text = `${result.stderr}\n${result.stdout}`
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const err = text.find((l) => /error|failed|✖/i.test(l));
  return (err ?? text.at(-1) ?? `exit ${result.code}`).slice(0, 160);
}

let freshCounter = 0;
export async function fresh(label) {
  const dir = path.join(ROOT, "scratch", `${label}-${++freshCounter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export function stats(samples) {
  if (!samples.length) return undefined;
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/**
 * Measures `runs` timed runs after one untimed warm-up. `once(i)` returns
 * { seconds, ok, note } and prepares its own fresh folder; scratch is removed between runs.
 */
export async function measure(label, once, { runs = RUNS, warmup = true } = {}) {
  log(`${label}: ${warmup ? "warm-up + " : ""}${runs} runs`);
  const samples = [];
  let failure;
  for (let i = warmup ? -1 : 0; i < runs; i++) {
    const r = await once(i);
    await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
    if (!r.ok) {
      failure = r.note ?? "failed";
      log(`  ${label} FAILED: ${failure}`);
      break;
    }
    if (i >= 0) samples.push(r.seconds);
  }
  return failure ? { failed: failure } : stats(samples);
}

export const fmtS = (s) => (s === undefined ? "–" : s >= 10 ? `${s.toFixed(1)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${s.toFixed(3)} s`);
// A difference: a run can beat its anchor when the anchor drifts.
export const fmtDelta = (s) => (s === undefined ? "–" : `${s < 0 ? "−" : "+"}${fmtS(Math.abs(s))}`);
export const fmtRange = (st) => `${fmtS(st.min)} – ${fmtS(st.max)}`;
export const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");
export const fmtBytes = (b) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} kB`);

/** Table row for a timed measure; `anchor` is a stats object measured in this same run. */
export function row(name, st, anchor, extra = []) {
  if (!st) return `| ${name} | – | – | – |${extra.map(() => " – |").join("")}`;
  if (st.failed) return `| ${name} | **failed** | ${st.failed.replace(/\|/g, "\\|")} | – |${extra.map(() => " – |").join("")}`;
  const ratio = anchor && !anchor.failed ? fmtRatio(st.median / anchor.median) : "–";
  return `| ${name} | ${fmtS(st.median)} | ${fmtRange(st)} | ${ratio} |${extra.map((e) => ` ${e} |`).join("")}`;
}

export async function walk(dir, onFile, rel = "") {
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, entry.name);
    if (entry.isDirectory()) await walk(dir, onFile, r);
    else await onFile(r);
  }
}

export async function treeSize(dir) {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  await walk(dir, async (r) => {
    const st = await lstat(path.join(dir, r));
    bytes += st.size;
    files += 1;
  });
  return { bytes, files };
}

export async function countPackages(nodeModules) {
  let n = 0;
  if (!existsSync(nodeModules)) return 0;
  for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dirs = entry.name.startsWith("@")
      ? (await readdir(path.join(nodeModules, entry.name))).map((s) => path.join(nodeModules, entry.name, s))
      : [path.join(nodeModules, entry.name)];
    for (const d of dirs) {
      if (existsSync(path.join(d, "package.json"))) n += 1;
      n += await countPackages(path.join(d, "node_modules"));
    }
  }
  return n;
}

export function ourCli(args, { cwd, env = ENV_NO_UV, timeoutMs } = {}) {
  return run(NODE, [BIN, ...args], { cwd, env, timeoutMs });
}

export function firstLine(text) {
  return (text.split("\n").find((l) => l.trim()) ?? "").trim();
}

