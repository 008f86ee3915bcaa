// bench: setup (imported in order by bench/run.mjs; runs when imported).
import { existsSync, readFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  REPO,
  TEMPLATES,
  RUNS,
  SKIP_GREEN,
  uvOnPath,
  PATH_NO_UV,
  ROOT,
  log,
  run,
  must,
  ourCli,
  firstLine,
} from "../harness.mjs";


// ---------------------------------------------------------------- setup
export const report = { sections: [], targets: [], notes: [], commands: [] };
export function cmd(label, text) {
  report.commands.push([label, text]);
}

log(`scratch: ${ROOT}; ${RUNS} runs per measure${SKIP_GREEN ? "; time to green skipped" : ""}`);
if (!existsSync(path.join(REPO, "dist", "cli", "main.js"))) must("npm run build", run("npm", ["run", "build", "--silent"], { cwd: REPO }));

export const pythonExe = must("python3.11", run("python3.11", ["-c", "import sys; print(sys.executable)"])).stdout.trim();

export const machine = {
  nproc: must("nproc", run("nproc", [])).stdout.trim(),
  memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
  cpu: os.cpus()[0]?.model ?? "unknown",
  os: (() => {
    const rel = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(rel)?.[1] ?? os.type();
    return `${pretty}, kernel ${os.release()} (${os.arch()})`;
  })(),
};

log("installing the rivals into scratch folders (create-vite from npm; cookiecutter, copier from PyPI)");
export const TOOLS = path.join(ROOT, "tools");
await mkdir(TOOLS, { recursive: true });
must("npm install create-vite", run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "create-vite"], { cwd: TOOLS }));
export const createVite = path.join(TOOLS, "node_modules", "create-vite", "index.js");
export const PYTOOLS = path.join(ROOT, "pytools");
must("python -m venv (tools)", run(pythonExe, ["-m", "venv", PYTOOLS]));
export const needUv = !process.env.BENCH_UV_DIR && !uvOnPath;
must(
  `pip install cookiecutter copier${needUv ? " uv" : ""}`,
  run(path.join(PYTOOLS, "bin", "pip"), ["install", "-q", "cookiecutter", "copier", ...(needUv ? ["uv"] : [])], { timeoutMs: 900_000 }),
);
export const cookiecutter = path.join(PYTOOLS, "bin", "cookiecutter");
export const copier = path.join(PYTOOLS, "bin", "copier");
// Only uv goes on PATH for the uv runs, not the tools venv's python and pip, as .ci/run does.
export const UV_DIR = process.env.BENCH_UV_DIR ?? uvOnPath ?? path.join(ROOT, "uv-bin");
if (needUv) {
  await mkdir(UV_DIR, { recursive: true });
  await symlink(path.join(PYTOOLS, "bin", "uv"), path.join(UV_DIR, "uv"));
}
export const uvExe = path.join(UV_DIR, "uv");
if (!existsSync(uvExe)) log(`warning: no uv at ${uvExe}; uv measures will fail`);
export const ENV_UV = { ...process.env, PATH: [UV_DIR, PATH_NO_UV].join(path.delimiter) };
// cookiecutter keeps replays and clones under ~; point them at scratch.
export const ccConfig = path.join(ROOT, "cookiecutter.yaml");
await writeFile(ccConfig, `cookiecutters_dir: "${ROOT}/cc-dir"\nreplay_dir: "${ROOT}/cc-replay"\n`);

export const versions = {
  "create-backend-project": JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).version,
  node: process.version,
  npm: run("npm", ["--version"]).stdout.trim(),
  python: `${firstLine(run(pythonExe, ["--version"]).stdout)} (${pythonExe})`,
  uv: firstLine(run(uvExe, ["--version"]).stdout) || "not found",
  git: firstLine(run("git", ["--version"]).stdout),
  "create-vite": JSON.parse(readFileSync(path.join(TOOLS, "node_modules", "create-vite", "package.json"), "utf8")).version,
  cookiecutter: firstLine(run(cookiecutter, ["--version"]).stdout).replace(/ from .*/, ""),
  copier: firstLine(run(copier, ["--version"]).stdout),
};
log("versions", versions);

export const listed = JSON.parse(must("--list --json", ourCli(["--list", "--json"])).stdout);
export const only = (process.env.BENCH_TEMPLATES ?? "").split(",").filter(Boolean);
export const templateIds = listed.map((t) => t.id).filter((id) => !only.length || only.includes(id));
export const manifests = Object.fromEntries(
  templateIds.map((id) => [id, JSON.parse(readFileSync(path.join(TEMPLATES, id, "template.json"), "utf8"))]),
);
export const defaults = (m) => Object.fromEntries((m.options ?? []).map((o) => [o.name, o.default]));
export function matchesWhen(when, answers) {
  if (!when) return true;
  return Object.entries(when).every(([k, v]) => (Array.isArray(v) ? v.includes(answers[k]) : answers[k] === v));
}

export const isProbe = (e) => /^(python[\d.]*|py)( -3)? -I -S -c /.test(e.command);
export const span = (events) =>
  events.length ? Math.max(...events.map((e) => e.start + (e.seconds ?? 0))) - Math.min(...events.map((e) => e.start)) : 0;

