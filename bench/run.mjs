// `npm run bench`: measures create-backend-project against the tools people would
// use instead (node itself, create-vite, cookiecutter, copier, python -m venv,
// uv venv), in one run on the same machine, and writes BENCHMARKS.md.
//
// Environment:
//   BENCH_RUNS=N        repeats per measure (default 7; time to green runs once)
//   BENCH_SKIP_GREEN=1  skip time to green (minutes: real installs + pytest)
//   BENCH_UV_DIR=dir    where `uv` lives (default: the folder of the `uv` on PATH, else
//                       uv is installed from PyPI into the benchmark's scratch tools venv)
//   BENCH_OUT=file      where to write the report (default BENCHMARKS.md at the repo root)
//   BENCH_TEMPLATES=a,b only these templates (default: every one `--list --json` shows)
//
// Needs what the README's e2e setup needs: Python >= 3.11, uv, PostgreSQL and Redis on
// loopback (time to green only), and network access to npm and PyPI for the rivals.
// All scratch work goes to /tmp/bench-*, removed at the end.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(REPO, "bin", "create-backend-project.js");
const TEMPLATES = path.join(REPO, "templates");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7) || 7);
const SKIP_GREEN = process.env.BENCH_SKIP_GREEN === "1";
const OUT = process.env.BENCH_OUT ?? path.join(REPO, "BENCHMARKS.md");
const NODE = process.execPath;
const PG = { host: "127.0.0.1", port: "5432", user: "postgres" };
const REDIS_DB = "9";
const SLUG = "bench-app";
const PKG = "bench_app";

const pathDirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
const uvOnPath = pathDirs.find((d) => existsSync(path.join(d, "uv")));
const PATH_NO_UV = pathDirs.filter((d) => !existsSync(path.join(d, "uv"))).join(path.delimiter);
const ENV_NO_UV = { ...process.env, PATH: PATH_NO_UV };

const startedAt = new Date();
const loadAtStart = os.loadavg();
const ROOT = await mkdtemp("/tmp/bench-");
let cleaned = false;
async function cleanup() {
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

function log(...args) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
}

/** Runs a command (argument array, no shell) and returns its wall time in seconds. */
function run(file, args, { cwd = ROOT, env = process.env, timeoutMs = 600_000, input } = {}) {
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

function must(label, result) {
  if (!result.ok) {
    throw new Error(`${label} failed (${result.code}):\n${(result.stderr || result.stdout).trim().split("\n").slice(-30).join("\n")}`);
  }
  return result;
}

function lastLine(result) {
  const text = `${result.stderr}\n${result.stdout}`
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const err = text.find((l) => /error|failed|✖/i.test(l));
  return (err ?? text.at(-1) ?? `exit ${result.code}`).slice(0, 160);
}

let freshCounter = 0;
async function fresh(label) {
  const dir = path.join(ROOT, "scratch", `${label}-${++freshCounter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function stats(samples) {
  if (!samples.length) return undefined;
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/**
 * Measures `runs` timed runs after one untimed warm-up. `once(i)` returns
 * { seconds, ok, note } and prepares its own fresh folder; scratch is removed between runs.
 */
async function measure(label, once, { runs = RUNS, warmup = true } = {}) {
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

const fmtS = (s) => (s === undefined ? "–" : s >= 10 ? `${s.toFixed(1)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${s.toFixed(3)} s`);
// A difference: a run can beat its anchor when the anchor drifts.
const fmtDelta = (s) => (s === undefined ? "–" : `${s < 0 ? "−" : "+"}${fmtS(Math.abs(s))}`);
const fmtRange = (st) => `${fmtS(st.min)} – ${fmtS(st.max)}`;
const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");
const fmtBytes = (b) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} kB`);

/** Table row for a timed measure; `anchor` is a stats object measured in this same run. */
function row(name, st, anchor, extra = []) {
  if (!st) return `| ${name} | – | – | – |${extra.map(() => " – |").join("")}`;
  if (st.failed) return `| ${name} | **failed** | ${st.failed.replace(/\|/g, "\\|")} | – |${extra.map(() => " – |").join("")}`;
  const ratio = anchor && !anchor.failed ? fmtRatio(st.median / anchor.median) : "–";
  return `| ${name} | ${fmtS(st.median)} | ${fmtRange(st)} | ${ratio} |${extra.map((e) => ` ${e} |`).join("")}`;
}

async function walk(dir, onFile, rel = "") {
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, entry.name);
    if (entry.isDirectory()) await walk(dir, onFile, r);
    else await onFile(r);
  }
}

async function treeSize(dir) {
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

async function countPackages(nodeModules) {
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

function ourCli(args, { cwd, env = ENV_NO_UV, timeoutMs } = {}) {
  return run(NODE, [BIN, ...args], { cwd, env, timeoutMs });
}

function firstLine(text) {
  return (text.split("\n").find((l) => l.trim()) ?? "").trim();
}

// ---------------------------------------------------------------- setup

const report = { sections: [], targets: [], notes: [], commands: [] };
function cmd(label, text) {
  report.commands.push([label, text]);
}

log(`scratch: ${ROOT}; ${RUNS} runs per measure${SKIP_GREEN ? "; time to green skipped" : ""}`);
if (!existsSync(path.join(REPO, "dist", "cli", "main.js"))) must("npm run build", run("npm", ["run", "build", "--silent"], { cwd: REPO }));

const pythonExe = must("python3.11", run("python3.11", ["-c", "import sys; print(sys.executable)"])).stdout.trim();

const machine = {
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
const TOOLS = path.join(ROOT, "tools");
await mkdir(TOOLS, { recursive: true });
must("npm install create-vite", run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "create-vite"], { cwd: TOOLS }));
const createVite = path.join(TOOLS, "node_modules", "create-vite", "index.js");
const PYTOOLS = path.join(ROOT, "pytools");
must("python -m venv (tools)", run(pythonExe, ["-m", "venv", PYTOOLS]));
const needUv = !process.env.BENCH_UV_DIR && !uvOnPath;
must(
  `pip install cookiecutter copier${needUv ? " uv" : ""}`,
  run(path.join(PYTOOLS, "bin", "pip"), ["install", "-q", "cookiecutter", "copier", ...(needUv ? ["uv"] : [])], { timeoutMs: 900_000 }),
);
const cookiecutter = path.join(PYTOOLS, "bin", "cookiecutter");
const copier = path.join(PYTOOLS, "bin", "copier");
// Only uv goes on PATH for the uv runs, not the tools venv's python and pip, as .ci/run does.
const UV_DIR = process.env.BENCH_UV_DIR ?? uvOnPath ?? path.join(ROOT, "uv-bin");
if (needUv) {
  await mkdir(UV_DIR, { recursive: true });
  await symlink(path.join(PYTOOLS, "bin", "uv"), path.join(UV_DIR, "uv"));
}
const uvExe = path.join(UV_DIR, "uv");
if (!existsSync(uvExe)) log(`warning: no uv at ${uvExe}; uv measures will fail`);
const ENV_UV = { ...process.env, PATH: [UV_DIR, PATH_NO_UV].join(path.delimiter) };
// cookiecutter keeps replays and clones under ~; point them at scratch.
const ccConfig = path.join(ROOT, "cookiecutter.yaml");
await writeFile(ccConfig, `cookiecutters_dir: "${ROOT}/cc-dir"\nreplay_dir: "${ROOT}/cc-replay"\n`);

const versions = {
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

const listed = JSON.parse(must("--list --json", ourCli(["--list", "--json"])).stdout);
const only = (process.env.BENCH_TEMPLATES ?? "").split(",").filter(Boolean);
const templateIds = listed.map((t) => t.id).filter((id) => !only.length || only.includes(id));
const manifests = Object.fromEntries(
  templateIds.map((id) => [id, JSON.parse(readFileSync(path.join(TEMPLATES, id, "template.json"), "utf8"))]),
);
const defaults = (m) => Object.fromEntries((m.options ?? []).map((o) => [o.name, o.default]));
function matchesWhen(when, answers) {
  if (!when) return true;
  return Object.entries(when).every(([k, v]) => (Array.isArray(v) ? v.includes(answers[k]) : answers[k] === v));
}

const isProbe = (e) => /^(python[\d.]*|py)( -3)? -I -S -c /.test(e.command);
const span = (events) =>
  events.length ? Math.max(...events.map((e) => e.start + (e.seconds ?? 0))) - Math.min(...events.map((e) => e.start)) : 0;

// ---------------------------------------------------------------- 1. start-up

log("1. start-up");
const ptyTimer = path.join(REPO, "bench", "pty_timer.py");
async function ptyMeasure(label, expected, command) {
  log(`${label}: warm-up + ${RUNS} runs in a pty`);
  const cwd = await fresh("pty");
  const r = run("python3", [ptyTimer, expected, String(RUNS + 1), cwd, "--", ...command], { cwd, timeoutMs: 60_000 * (RUNS + 1) });
  await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
  if (!r.ok) return { failed: lastLine(r) };
  const results = JSON.parse(r.stdout).slice(1);
  const missing = results.find((x) => x.seconds === null);
  if (missing) return { failed: `prompt never appeared: ${missing.tail.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").slice(-120)}` };
  return stats(results.map((x) => x.seconds));
}

const nodeBare = await measure("node -e 0", async () => run(NODE, ["-e", "0"]));
const list = await measure("--list", async () => {
  const r = ourCli(["--list"]);
  return { ...r, note: lastLine(r) };
});
const nodeBarePty = await ptyMeasure("node -e 0 (pty)", "", [NODE, "-e", "0"]);
const prompt = await ptyMeasure("first prompt (pty)", "Which project", [NODE, BIN]);
cmd("anchor", "node -e 0   (spawned directly, and again through the pty timer)");
cmd("--list", "node bin/create-backend-project.js --list");
cmd("first prompt", 'python3 bench/pty_timer.py "Which project" N <tmp> -- node bin/create-backend-project.js   (80x24 pty; time from fork until "Which project" is on screen, then Ctrl-C)');

// What loads before the first prompt (static imports of dist/cli/main.js).
async function staticClosure(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const src = await readFile(file, "utf8");
    for (const m of src.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["'](\.[^"']+)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1]));
    }
  }
  let bytes = 0;
  for (const f of seen) bytes += (await lstat(f)).size;
  return { files: [...seen].map((f) => path.relative(REPO, f)), bytes };
}
const eager = await staticClosure(path.join(REPO, "dist", "cli", "main.js")).catch(() => undefined);
const distSize = await treeSize(path.join(REPO, "dist"));

{
  const lines = [
    "## 1. Start-up",
    "",
    `Anchor: \`node -e 0\` on the same machine. The prompt is timed through a pseudo-terminal, so its anchor is \`node -e 0\` through the same pty timer (fork → exit).`,
    "",
    "| measure | median | min – max | ratio to anchor | over anchor |",
    "| --- | --- | --- | --- | --- |",
    row("`node -e 0` (anchor)", nodeBare, nodeBare, ["–"]),
    row("`--list`", list, nodeBare, [list && !list.failed && nodeBare ? `+${fmtS(list.median - nodeBare.median)}` : "–"]),
    row("`node -e 0` in a pty (anchor)", nodeBarePty, nodeBarePty, ["–"]),
    row("first prompt (“Which project”) in a pty", prompt, nodeBarePty, [
      prompt && !prompt.failed && nodeBarePty && !nodeBarePty.failed ? `+${fmtS(prompt.median - nodeBarePty.median)}` : "–",
    ]),
  ];
  if (eager) {
    lines.push(
      "",
      `Loaded before the first prompt (static imports of \`dist/cli/main.js\`): ${eager.files.length} file(s), ${fmtBytes(eager.bytes)} of the ${fmtBytes(distSize.bytes)} in \`dist/\`.`,
    );
  }
  report.sections.push(lines.join("\n"));
  const over = prompt && !prompt.failed && nodeBarePty && !nodeBarePty.failed ? prompt.median - nodeBarePty.median : undefined;
  report.targets.push({
    target: "Start-up to first prompt within 0.1 s of bare `node -e 0`",
    measured: over === undefined ? `failed: ${prompt?.failed ?? nodeBarePty?.failed}` : `+${fmtS(over)} (${fmtS(prompt.median)} vs ${fmtS(nodeBarePty.median)})`,
    met: over !== undefined && over <= 0.1,
    take:
      over === undefined
        ? "Make the interactive picker appear on a TTY with no arguments."
        : over <= 0.1
          ? ""
          : `Cut ${fmtS(over - 0.1)} from what runs before the prompt: it loads ${eager ? fmtBytes(eager.bytes) : "?"} of JavaScript eagerly; keep the prompt library and manifest reading in the entry chunk and everything else (renderer, effects) behind dynamic import().`,
  });
}

// ---------------------------------------------------------------- 2. render only

log("2. render only");

/** Where each output file of a template came from, for the default answers (mirrors templates/README.md). */
async function originMap(id, answers) {
  const m = manifests[id];
  const sources = [path.join(TEMPLATES, "_shared", "files")];
  for (const f of m.files ?? [{ from: "files" }]) if (matchesWhen(f.when, answers)) sources.push(path.join(TEMPLATES, id, f.from));
  const origins = new Map();
  for (const src of sources) {
    if (!existsSync(src)) continue;
    await walk(src, async (rel) => {
      const hbs = rel.endsWith(".hbs");
      let out = hbs ? rel.slice(0, -4) : rel;
      const parts = out.split(path.sep);
      if (parts.at(-1) === "gitignore") parts[parts.length - 1] = ".gitignore";
      out = parts.join(path.sep);
      const templ = out; // path with {{packageName}} / {{slug}} placeholders
      out = out.replaceAll("{{packageName}}", PKG).replaceAll("{{slug}}", SLUG);
      origins.set(out, { hbs, templ });
    });
  }
  return origins;
}

/** Our rendered text as a Jinja template that renders back to the same text. */
function toJinja(text, varPrefix) {
  return text
    .replace(/\{[{%#]/g, (m) => `{{ '${m}' }}`)
    .replace(/bench[-_]app/g, (m) => `{{ ${varPrefix}${m === PKG ? "package_name" : "project_slug"} }}`);
}
const jinjaPath = (templ, varPrefix) =>
  templ.replaceAll("{{packageName}}", `{{ ${varPrefix}package_name }}`).replaceAll("{{slug}}", `{{ ${varPrefix}project_slug }}`);

/** Builds the copier and cookiecutter versions of a rendered tree; returns their folders and counts. */
async function convert(id, rendered) {
  const origins = await originMap(id, defaults(manifests[id]));
  const files = [];
  await walk(rendered, async (rel) => files.push(rel));
  const cop = path.join(ROOT, "conv", id, "copier");
  const cc = path.join(ROOT, "conv", id, "cookiecutter");
  const ccRoot = path.join(cc, "{{cookiecutter.project_slug}}");
  const copyOnly = [];
  let jinja = 0;
  for (const rel of files) {
    const origin = origins.get(rel) ?? { hbs: true, templ: rel }; // engine-written files (.create-backend-project.json) count as rendered
    const src = path.join(rendered, rel);
    const copPath = path.join(cop, "template", jinjaPath(origin.templ, ""));
    const ccRel = jinjaPath(origin.templ, "cookiecutter.");
    const ccPath = path.join(ccRoot, ccRel);
    await mkdir(path.dirname(copPath), { recursive: true });
    await mkdir(path.dirname(ccPath), { recursive: true });
    if (origin.hbs) {
      jinja += 1;
      const text = await readFile(src, "utf8");
      await writeFile(`${copPath}.jinja`, toJinja(text, ""));
      await writeFile(ccPath, toJinja(text, "cookiecutter."));
      const mode = (await lstat(src)).mode & 0o777;
      await chmod(`${copPath}.jinja`, mode);
      await chmod(ccPath, mode);
    } else {
      await cp(src, copPath, { preserveTimestamps: true });
      await cp(src, ccPath, { preserveTimestamps: true });
      copyOnly.push(ccRel.replace(/[[\]*?]/g, (c) => `[${c}]`));
    }
  }
  await writeFile(
    path.join(cop, "copier.yml"),
    [
      "_subdirectory: template",
      "_templates_suffix: .jinja",
      "project_slug:",
      "  type: str",
      `  default: ${SLUG}`,
      "package_name:",
      "  type: str",
      `  default: ${PKG}`,
      "",
    ].join("\n"),
  );
  await writeFile(
    path.join(cc, "cookiecutter.json"),
    JSON.stringify({ project_slug: SLUG, package_name: PKG, _copy_without_render: copyOnly }, null, 2),
  );
  return { cop, cc, files: files.length, jinja, verbatim: files.length - jinja };
}

async function sameTree(a, b) {
  const fa = [];
  const fb = [];
  await walk(a, async (r) => fa.push(r));
  await walk(b, async (r) => fb.push(r));
  const diffs = [];
  const setB = new Set(fb);
  for (const r of fa) {
    if (!setB.has(r)) diffs.push(`missing ${r}`);
    else if (!(await readFile(path.join(a, r))).equals(await readFile(path.join(b, r)))) diffs.push(`differs ${r}`);
  }
  for (const r of fb) if (!fa.includes(r)) diffs.push(`extra ${r}`);
  return diffs;
}

// What loading each lazily imported chunk of dist/ costs (the renderer lives in one of them).
const lazyChunks = [];
if (eager) {
  for (const name of (await readdir(path.join(REPO, "dist"))).filter((n) => n.endsWith(".js"))) {
    const file = path.join(REPO, "dist", name);
    if (eager.files.includes(path.relative(REPO, file))) continue;
    const st = await measure(`import dist/${name}`, async () => {
      const r = run(NODE, ["--input-type=module", "-e", `await import(${JSON.stringify(file)})`]);
      return { ...r, note: lastLine(r) };
    });
    lazyChunks.push({ name, bytes: (await lstat(file)).size, st });
  }
}

const viteRender = await measure("create-vite vanilla-ts", async () => {
  const cwd = await fresh("vite");
  const r = run(NODE, [createVite, "proj", "--template", "vanilla-ts", "--no-interactive"], { cwd });
  return { ...r, note: lastLine(r) };
});
let viteFiles = 0;
{
  const cwd = await fresh("vite-count");
  run(NODE, [createVite, "proj", "--template", "vanilla-ts", "--no-interactive"], { cwd });
  viteFiles = (await treeSize(path.join(cwd, "proj"))).files;
  await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
}
cmd("create-vite", `node <tmp>/node_modules/create-vite/index.js proj --template vanilla-ts --no-interactive   (create-vite ${versions["create-vite"]}, installed with npm into a scratch folder)`);
cmd("render (ours)", `node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-git --no-venv`);
cmd("cookiecutter", `cookiecutter --no-input --config-file <tmp>/cookiecutter.yaml -o <fresh dir> <converted template>`);
cmd("copier", `copier copy --defaults --trust --quiet <converted template> <fresh dir>/${SLUG}`);

const renderRows = [];
const renderTargets = [];
for (const id of templateIds) {
  // One reference render: the file tree the rivals are given.
  const refDir = await mkdtemp(path.join(ROOT, `ref-${id}-`));
  const ref = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv"], { cwd: refDir });
  if (!ref.ok) {
    const why = lastLine(ref);
    log(`  ${id}: render FAILED: ${why}`);
    renderRows.push({ id, ours: { failed: why } });
    continue;
  }
  const rendered = path.join(refDir, SLUG);
  const conv = await convert(id, rendered);
  // Check the converted templates give back the same tree (except the fresh secrets, which ours regenerates).
  const ccCheck = await fresh("cc-check");
  const ccOne = run(cookiecutter, ["--no-input", "--config-file", ccConfig, "-o", ccCheck, conv.cc]);
  const copCheck = await fresh("cop-check");
  const copOne = run(copier, ["copy", "--defaults", "--trust", "--quiet", conv.cop, path.join(copCheck, SLUG)]);
  const ccDiff = ccOne.ok ? await sameTree(rendered, path.join(ccCheck, SLUG)) : [`cookiecutter failed: ${lastLine(ccOne)}`];
  const copDiff = copOne.ok ? await sameTree(rendered, path.join(copCheck, SLUG)) : [`copier failed: ${lastLine(copOne)}`];
  await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });

  const ours = await measure(`render ${id}`, async () => {
    const cwd = await fresh("ours");
    const r = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv"], { cwd });
    return { ...r, note: lastLine(r) };
  });
  const oursJson = [];
  await measure(`render ${id} (--json step timings)`, async () => {
    const cwd = await fresh("ours-json");
    const r = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv", "--json"], { cwd });
    if (r.ok) oursJson.push(JSON.parse(r.stdout).steps.find((s) => s.id === "files")?.ms / 1000);
    return { ...r, note: lastLine(r) };
  }, { warmup: false, runs: Math.min(RUNS, 3) });
  const cc = ccOne.ok
    ? await measure(`cookiecutter ${id}`, async () => {
        const out = await fresh("cc");
        const r = run(cookiecutter, ["--no-input", "--config-file", ccConfig, "-o", out, conv.cc]);
        return { ...r, note: lastLine(r) };
      })
    : { failed: lastLine(ccOne) };
  const cop = copOne.ok
    ? await measure(`copier ${id}`, async () => {
        const out = await fresh("cop");
        const r = run(copier, ["copy", "--defaults", "--trust", "--quiet", conv.cop, path.join(out, SLUG)]);
        return { ...r, note: lastLine(r) };
      })
    : { failed: lastLine(copOne) };
  renderRows.push({ id, ours, cc, cop, conv, ccDiff, copDiff, writeStep: stats(oursJson.filter(Number.isFinite)) });
  await rm(refDir, { recursive: true, force: true });
}

{
  const lines = [
    "## 2. Render only",
    "",
    `Ours: \`--yes --no-git --no-venv\` into a fresh folder (default answers). Anchor: create-vite ${versions["create-vite"]} \`vanilla-ts\` (${viteFiles} files), measured in this run: ${viteRender?.failed ? `failed: ${viteRender.failed}` : `${fmtS(viteRender.median)} (${fmtRange(viteRender)})`}.`,
    "",
    "cookiecutter and copier render the *same* tree: the benchmark takes our output for the default answers and converts it — each file that came from a `.hbs` becomes a Jinja template (copier: `.jinja` suffix; cookiecutter: a normal file under `{{cookiecutter.project_slug}}/`) in which the project slug and package name are variables, and every other file is copied verbatim (copier: no suffix; cookiecutter: listed in `_copy_without_render`). Paths with `{{packageName}}` become Jinja paths. Both outputs are compared byte for byte with ours before timing.",
    "",
    "| template | files (Jinja / verbatim) | tool | median | min – max | ratio to create-vite | ratio to cookiecutter |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const r2 = (st, anchor) => (st && !st.failed && anchor && !anchor.failed ? fmtRatio(st.median / anchor.median) : "–");
  lines.push(`| – | ${viteFiles} | create-vite (anchor) | ${viteRender.failed ? "**failed**" : fmtS(viteRender.median)} | ${viteRender.failed ? viteRender.failed : fmtRange(viteRender)} | 1.00× | – |`);
  for (const r of renderRows) {
    if (r.ours.failed) {
      lines.push(`| ${r.id} | – | **ours: failed** | – | ${r.ours.failed.replace(/\|/g, "\\|")} | – | – |`);
      renderTargets.push({ id: r.id, failed: r.ours.failed });
      continue;
    }
    const files = `${r.conv.files} (${r.conv.jinja} / ${r.conv.verbatim})`;
    for (const [tool, st] of [["create-backend-project", r.ours], ["cookiecutter", r.cc], ["copier", r.cop]]) {
      if (st.failed) lines.push(`| ${r.id} | ${files} | ${tool}: **failed** | – | ${st.failed.replace(/\|/g, "\\|")} | – | – |`);
      else lines.push(`| ${r.id} | ${files} | ${tool} | ${fmtS(st.median)} | ${fmtRange(st)} | ${r2(st, viteRender)} | ${r2(st, r.cc)} |`);
    }
    renderTargets.push(r);
  }
  const checks = renderRows
    .filter((r) => !r.ours.failed)
    .map((r) => {
      const say = (d) => (d.length === 0 ? "identical" : `${d.length} difference(s): ${d.slice(0, 3).join(", ")}`);
      const write = r.writeStep ? `; our own \`files\` step (from \`--json\`) ${fmtS(r.writeStep.median)} of the total` : "";
      return `- ${r.id}: cookiecutter output ${say(r.ccDiff)}; copier output ${say(r.copDiff)}${write}.`;
    });
  if (checks.length) lines.push("", "Same-tree check and where our time goes:", "", ...checks);
  if (lazyChunks.length && nodeBare && !nodeBare.failed) {
    lines.push(
      "",
      `Loading each chunk of \`dist/\` that is imported only after the answers are in (\`node -e "await import(chunk)"\`, over \`node -e 0\`; \`execa-*\` loads at the first child process, so never in a render-only run, and \`lib-*\`, the Handlebars compiler, only for a source the build did not precompile): ` +
        lazyChunks.map((c) => `\`${c.name}\` (${fmtBytes(c.bytes)}) ${c.st.failed ? "failed" : `+${fmtS(c.st.median - nodeBare.median)}`}`).join(", ") + ".",
    );
  }
  report.sections.push(lines.join("\n"));

  // RSA secrets are generated inside the files step; time one 2048-bit key pair in-process.
  const { generateKeyPairSync } = await import("node:crypto");
  const rsaSamples = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const t0 = performance.now();
    generateKeyPairSync("rsa", { modulusLength: 2048 });
    rsaSamples.push((performance.now() - t0) / 1000);
  }
  const rsa = stats(rsaSamples);
  const usesRsa = (id) => Object.values(manifests[id].secrets ?? {}).some((x) => x?.type === "rsa");
  if (templateIds.some(usesRsa)) {
    report.sections[report.sections.length - 1] += `\n\nGenerating one RSA-2048 key pair (\`crypto.generateKeyPairSync\`, in-process) takes ${fmtS(rsa.median)} (${fmtRange(rsa)}) here; ${templateIds.filter(usesRsa).join(", ")} generate(s) one inside the files step.`;
  }
  // The chunk every render loads after the answers (execa and the compiler load only when needed).
  const rendererChunk = lazyChunks.find((c) => !c.st.failed && c.name.startsWith("execute-"));
  for (const r of renderTargets) {
    if (r.failed) {
      report.targets.push({ target: `Render only, ${r.id}: ≤ 0.5× cookiecutter and ≤ 2× create-vite`, measured: `render failed: ${r.failed}`, met: false, take: "The template must render with the default answers first." });
      continue;
    }
    const vsCc = r.cc && !r.cc.failed ? r.ours.median / r.cc.median : NaN;
    const vsVite = !viteRender.failed ? r.ours.median / viteRender.median : NaN;
    const met = vsCc <= 0.5 && vsVite <= 2;
    const startup = list && !list.failed ? list.median : undefined;
    const missing = [];
    if (!(vsCc <= 0.5)) missing.push(`cookiecutter: needs ≤ ${fmtS(r.cc?.median * 0.5)}`);
    if (!(vsVite <= 2)) missing.push(`create-vite: needs ≤ ${fmtS(viteRender.median * 2)}`);
    report.targets.push({
      target: `Render only, ${r.id} (${r.conv.files} files): ≤ 0.5× cookiecutter and ≤ 2× create-vite`,
      measured: `${fmtS(r.ours.median)} = ${fmtRatio(vsCc)} cookiecutter, ${fmtRatio(vsVite)} create-vite`,
      met,
      take: met
        ? ""
        : `Cut ${fmtS(r.ours.median - Math.min(...[r.cc?.median * 0.5, viteRender.median * 2].filter(Number.isFinite)))} (${missing.join("; ")}). ` +
          `Of ${fmtS(r.ours.median)}, start-up (\`--list\`) is ${fmtS(startup)} and the files step ${fmtS(r.writeStep?.median)}` +
          (rendererChunk ? `, which includes importing the renderer, \`${rendererChunk.name}\` (${fmtBytes(rendererChunk.bytes)}, +${fmtS(rendererChunk.st.median - nodeBare.median)} on its own)` : "") +
          (usesRsa(r.id) ? `, and generating its RSA-2048 key (${fmtS(rsa.median)} on its own, ${fmtS(rsa.min)} – ${fmtS(rsa.max)}: a random prime search; it overlaps the copied files)` : "") +
          `. Node itself starts in ${fmtS(nodeBare.median)}. ` +
          (usesRsa(r.id)
            ? "The key is most of the gap: an Ed25519 key (EdDSA) takes under a millisecond, so moving the template from RS256 to EdDSA would close it, at the cost of JWT consumers that only accept RS256."
            : "What is left is Node's own start-up, loading the CLI and the renderer chunk, and the files themselves; the next lever is fewer modules before the first file is written."),
    });
  }
}

// ---------------------------------------------------------------- 3. generate + git + venv

log("3. generate + git + venv (no install)");
cmd("generate + git + venv, uv", `PATH=<uv's folder>:<PATH without uv> node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-install`);
cmd("generate + git + venv, pip", `PATH=<PATH without uv> node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-install   (each run preceded by ${pythonExe} -m venv <fresh>/.venv, its pair)`);
cmd("anchors", `${pythonExe} -m venv <fresh>/.venv   ;   uv venv --quiet --python ${pythonExe} <fresh>/.venv`);

const venvPip = await measure("python -m venv (anchor)", async () => {
  const cwd = await fresh("venv");
  const r = run(pythonExe, ["-m", "venv", ".venv"], { cwd });
  return { ...r, note: lastLine(r) };
});
const venvUv = await measure("uv venv (anchor)", async () => {
  const cwd = await fresh("uvvenv");
  const r = run(uvExe, ["venv", "--quiet", "--python", pythonExe, ".venv"], { cwd, env: ENV_UV });
  return { ...r, note: lastLine(r) };
});
// The interpreter search our CLI does alongside the files step (src/effects/python.ts:
// candidates in this order, two at a time, with the same flags), each timed on its own.
const probeCost = [];
for (const c of ["python3.14", "python3.13", "python3.12", "python3.11"]) {
  const samples = [];
  let ok = false;
  for (let i = 0; i < 3; i++) {
    const r = run(c, ["-I", "-S", "-c", "import sys; print(sys.executable)"], { env: ENV_NO_UV });
    samples.push(r.seconds);
    ok = r.ok;
  }
  probeCost.push({ c, s: median(samples), ok });
  if (ok) break;
}

const genRows = [];
for (const id of templateIds) {
  for (const [installer, env] of [["uv", ENV_UV], ["pip", ENV_NO_UV]]) {
    const steps = [];
    const overheads = [];
    const st = await measure(`generate ${id} (${installer})`, async (i) => {
      // `python -m venv` drifts by a second or more over a run of minutes on this VM, so
      // each pip run is paired with a venv made just before it; the target is on the pair.
      const alone = installer === "pip" ? run(pythonExe, ["-m", "venv", ".venv"], { cwd: await fresh("pair") }) : undefined;
      const cwd = await fresh("gen");
      const r = ourCli([SLUG, "-t", id, "--yes", "--no-install", "--json"], { cwd, env });
      if (!r.ok) return { ...r, note: lastLine(r) };
      const out = JSON.parse(r.stdout);
      if (out.installer !== installer) return { ok: false, note: `used ${out.installer}, expected ${installer}` };
      if (i >= 0) steps.push(Object.fromEntries(out.steps.map((s) => [s.id, s.ms / 1000])));
      if (i >= 0 && alone?.ok) overheads.push(r.seconds - alone.seconds);
      return r;
    });
    const stepMedians = {};
    for (const k of ["files", "git", "venv"]) {
      const xs = steps.map((s) => s[k]).filter(Number.isFinite);
      if (xs.length) stepMedians[k] = median(xs);
    }
    genRows.push({ id, installer, st, stepMedians, paired: stats(overheads) });
  }
}

// One traced run per installer: every child process the CLI starts, with its start offset and duration.
const traces = [];
{
  const id = genRows.find((g) => !g.st.failed)?.id;
  for (const [installer, env] of id ? [["uv", ENV_UV], ["pip", ENV_NO_UV]] : []) {
    const cwd = await fresh("trace");
    const file = path.join(ROOT, `trace-${installer}.json`);
    const r = run(NODE, ["--import", path.join(REPO, "bench", "trace_spawn.mjs"), BIN, SLUG, "-t", id, "--yes", "--no-install", "--json"], {
      cwd,
      env: { ...env, BENCH_TRACE_FILE: file },
    });
    if (r.ok && existsSync(file)) {
      const t = JSON.parse(await readFile(file, "utf8"));
      traces.push({ id, installer, wall: r.seconds, steps: JSON.parse(r.stdout).steps, ...t });
    }
    await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
  }
}

{
  const lines = [
    "## 3. Generate + git + venv (no install)",
    "",
    `\`--yes --no-install\`: render, \`git init\` + initial commit (in the staging folder, alongside the interpreter search, when the target is new), then \`.venv\` with \`uv venv\` (uv on PATH) or \`python -m venv\` (uv hidden from PATH). Anchors measured in this run: \`python -m venv\` ${venvPip.failed ? "failed" : `${fmtS(venvPip.median)} (${fmtRange(venvPip)})`}, \`uv venv\` ${venvUv.failed ? "failed" : `${fmtS(venvUv.median)} (${fmtRange(venvUv)})`}.`,
    "",
    "| template | venv by | median | min – max | ratio to that venv alone | over that venv | over a venv made just before it (pip; median, min – max) | files / git / venv steps (from `--json`, medians) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const g of genRows) {
    const anchor = g.installer === "uv" ? venvUv : venvPip;
    const s = g.stepMedians;
    const stepText = s.files !== undefined ? `${fmtS(s.files)} / ${fmtS(s.git)} / ${fmtS(s.venv)}` : "–";
    const pairedText = g.paired ? `${fmtDelta(g.paired.median)} (${fmtRange(g.paired)})` : "–";
    if (g.st.failed) lines.push(`| ${g.id} | ${g.installer} | **failed** | ${g.st.failed.replace(/\|/g, "\\|")} | – | – | – | – |`);
    else lines.push(`| ${g.id} | ${g.installer} | ${fmtS(g.st.median)} | ${fmtRange(g.st)} | ${anchor.failed ? "–" : fmtRatio(g.st.median / anchor.median)} | ${anchor.failed ? "–" : fmtDelta(g.st.median - anchor.median)} | ${pairedText} | ${stepText} |`);
  }
  const probeText = probeCost.map((p) => `\`${p.c}\` ${fmtS(p.s)}${p.ok ? "" : " (fails)"}`).join(", ");
  lines.push(
    "",
    `While the files are written, the CLI looks for an interpreter: \`python3.14\`, \`python3.13\`, … \`python3\`, \`python\`, two at a time, the first in that order that is new enough winning; the files are moved into place once it has answered. Each probe timed on its own here (\`-I -S -c\`, as the CLI runs it): ${probeText} — ${fmtS(probeCost.reduce((a, p) => a + p.s, 0))} if run one after another.`,
  );
  for (const t of traces) {
    const probes = t.events.filter(isProbe);
    const gits = t.events.filter((e) => e.command.startsWith("git "));
    const sum = (xs) => xs.reduce((a, e) => a + (e.seconds ?? 0), 0);
    lines.push(
      "",
      `Where the time goes: one traced run of ${t.id} with ${t.installer} (\`node --import bench/trace_spawn.mjs\` records every child process; ${fmtS(t.wall)} wall, ${fmtS(t.total)} inside node). ` +
        `Interpreter probes: ${probes.length}, ${fmtS(span(probes))} from the first start to the last end; git: ${gits.length} processes, ${fmtS(sum(gits))}.`,
      "",
      "| starts at | takes | child process |",
      "| --- | --- | --- |",
      ...t.events.map((e) => `| ${fmtS(e.start)} | ${e.seconds === null ? "–" : fmtS(e.seconds)} | \`${e.command.replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 90)}\` |`),
    );
  }
  report.sections.push(lines.join("\n"));

  const worst = (inst, cost) => {
    const rows = genRows.filter((g) => g.installer === inst);
    const failed = rows.filter((g) => g.st.failed);
    const ok = rows.filter((g) => !g.st.failed);
    return { failed, ok, max: ok.length ? ok.reduce((a, g) => (cost(g) > cost(a) ? g : a)) : undefined };
  };
  const traceText = (inst) => {
    const t = traces.find((x) => x.installer === inst);
    if (!t) return "";
    const probes = t.events.filter(isProbe);
    const gits = t.events.filter((e) => e.command.startsWith("git "));
    const failing = probeCost.filter((p) => !p.ok && p.s > 0.05).map((p) => `\`${p.c}\``);
    return (
      `In the traced run the interpreter search ran from ${fmtS(Math.min(...probes.map((e) => e.start)))} to ${fmtS(Math.max(...probes.map((e) => e.start + (e.seconds ?? 0))))}, and the files step waits for it before the move (git commits in the staging folder meanwhile)` +
      (failing.length
        ? `: ${failing.join(" and ")} are pyenv shims for versions installed but not selected, each ~0.1 s of CPU before it fails, and a newer version has to be ruled out before \`python3.11\` may win. Where \`python3.x\` is a real binary the whole search takes milliseconds. `
        : ". ") +
      `Git is ${gits.length} processes, ${fmtS(gits.reduce((a, e) => a + (e.seconds ?? 0), 0))} (\`git add\` writing every file as an object is most of it), from ${fmtS(Math.min(...gits.map((e) => e.start)))}.`
    );
  };
  for (const inst of ["uv", "pip"]) {
    // uv: the run itself under 0.5 s. pip: the run minus a venv made just before it, at most 0.5 s.
    const cost = (g) => (inst === "uv" ? g.st.median : (g.paired?.median ?? NaN));
    const limit = 0.5;
    const w = worst(inst, cost);
    const allOk = w.ok.every((g) => cost(g) <= limit);
    const measured = [
      ...w.ok.map((g) => (inst === "uv" ? `${g.id} ${fmtS(g.st.median)}` : `${g.id} ${fmtS(g.st.median)}, ${fmtDelta(cost(g))} over its paired venv`)),
      ...w.failed.map((g) => `${g.id} failed`),
    ].join(", ");
    const over = w.max ? cost(w.max) - limit : NaN;
    const s = w.max?.stepMedians ?? {};
    const other = w.max ? w.max.st.median - (s.files ?? 0) - (s.git ?? 0) - (s.venv ?? 0) : NaN;
    report.targets.push({
      target:
        inst === "uv"
          ? "Generate + git + venv with uv: under 0.5 s"
          : `Generate + git + venv with \`python -m venv\`: ≤ the venv itself + 0.5 s (each run against a \`python -m venv\` made just before it; the anchor alone: ${venvPip.failed ? "failed" : fmtS(venvPip.median)})`,
      measured,
      met: allOk && w.ok.length > 0,
      take:
        allOk && w.ok.length > 0
          ? w.failed.length ? "Met where the template renders." : ""
          : `Worst is ${w.max?.id ?? "?"}: ${fmtS(over)} over. Its steps: files ${fmtS(s.files)} (including the interpreter search and the commit, which run before the move), git ${fmtS(s.git)}, venv ${fmtS(s.venv)}, everything else (start-up, plan) ${fmtS(other)}. ` +
            traceText(inst),
    });
  }
}

// ---------------------------------------------------------------- 4. time to green

const greenRows = [];
if (!SKIP_GREEN) {
  log("4. time to green (slow)");
  cmd("time to green", `node bin/create-backend-project.js ${SLUG} -t <id> --yes --json   (uv on PATH, or hidden), then in the project: .venv/bin/pytest -q -p no:cacheprovider, with DATABASE_URL / REDIS_URL per templates/<id>/check.json's services`);
  for (const id of templateIds) {
    const m = manifests[id];
    const answers = defaults(m);
    const checkFile = path.join(TEMPLATES, id, "check.json");
    const check = existsSync(checkFile) ? JSON.parse(readFileSync(checkFile, "utf8")) : {};
    const services = (check.services ?? []).filter((s) => matchesWhen(s.when, answers)).map((s) => s.name);
    for (const [installer, env] of [["uv", ENV_UV], ["pip", ENV_NO_UV]]) {
      log(`  ${id} with ${installer} (services: ${services.join(", ") || "none"})`);
      const cwd = await fresh("green");
      const projectEnv = { ...env };
      const db = `cbp_bench_${id.replace(/-/g, "_")}_${installer}_${Date.now()}`;
      const rowOut = { id, installer, services };
      try {
        if (services.includes("postgres")) {
          must("create database", run("psql", ["-h", PG.host, "-U", PG.user, "-c", `CREATE DATABASE ${db}`]));
          projectEnv.DATABASE_URL = `postgresql://${PG.user}@${PG.host}:${PG.port}/${db}`;
        }
        if (services.includes("redis")) {
          must("redis flush", run("redis-cli", ["-h", "127.0.0.1", "-n", REDIS_DB, "FLUSHDB"]));
          projectEnv.REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;
        }
        const gen = ourCli([SLUG, "-t", id, "--yes", "--json"], { cwd, env, timeoutMs: 1_800_000 });
        rowOut.generate = gen.seconds;
        let report;
        try {
          report = JSON.parse(gen.stdout);
        } catch {}
        if (report?.steps) rowOut.steps = Object.fromEntries(report.steps.map((s) => [s.id, s.ms / 1000]));
        if (!gen.ok) throw new Error(`generate: ${lastLine(gen)}`);
        if (report.installer !== installer) throw new Error(`used ${report.installer}`);
        const project = path.join(cwd, SLUG);
        const bin = path.join(project, ".venv", "bin");
        const test = run(path.join(bin, "pytest"), ["-q", "-p", "no:cacheprovider"], {
          cwd: project,
          env: { ...projectEnv, PATH: `${bin}${path.delimiter}${projectEnv.PATH}`, VIRTUAL_ENV: path.join(project, ".venv") },
          timeoutMs: 1_800_000,
        });
        rowOut.pytest = test.seconds;
        rowOut.summary = (test.stdout.trim().split("\n").filter((l) => /passed|failed|error/.test(l)).at(-1) ?? "").replace(/=+/g, "").trim();
        if (!test.ok) throw new Error(`pytest: ${rowOut.summary || lastLine(test)}`);
        rowOut.total = gen.seconds + test.seconds;
      } catch (error) {
        rowOut.failed = String(error.message ?? error).split("\n")[0].slice(0, 200);
        log(`  ${id} with ${installer} FAILED: ${rowOut.failed}`);
      } finally {
        if (projectEnv.DATABASE_URL) run("psql", ["-h", PG.host, "-U", PG.user, "-c", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
        if (projectEnv.REDIS_URL) run("redis-cli", ["-h", "127.0.0.1", "-n", REDIS_DB, "FLUSHDB"]);
        await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
      }
      greenRows.push(rowOut);
    }
  }
  const lines = [
    "## 4. Time to green",
    "",
    "Once per template × installer (not a median): generate with install (`--yes`, default answers), then the project's own `pytest`. PostgreSQL / Redis are set from `templates/<id>/check.json`'s `services` for the default answers (a fresh database; Redis db 9, flushed). Package caches (uv's, pip's) are warm, as on a developer machine; the anchor is the uv row of the same template.",
    "",
    "| template | installer | total (generate + pytest) | generate | of which install | pytest | ratio to uv | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const g of greenRows) {
    const uvRow = greenRows.find((x) => x.id === g.id && x.installer === "uv");
    const ratio = g.total && uvRow?.total ? fmtRatio(g.total / uvRow.total) : "–";
    const result = g.failed ? `**failed**: ${g.failed.replace(/\|/g, "\\|")}` : g.summary || "passed";
    lines.push(`| ${g.id} | ${g.installer} | ${g.total ? fmtS(g.total) : "–"} | ${g.generate ? fmtS(g.generate) : "–"} | ${g.steps?.install !== undefined ? fmtS(g.steps.install) : "–"} | ${g.pytest ? fmtS(g.pytest) : "–"} | ${ratio} | ${result} |`);
  }
  const slowFirstTest = greenRows.filter((g) => {
    const pip = greenRows.find((x) => x.id === g.id && x.installer === "pip");
    return g.installer === "uv" && g.pytest && pip?.pytest && g.pytest > pip.pytest * 1.3;
  });
  if (slowFirstTest.length) {
    lines.push(
      "",
      `With uv, the first \`pytest\` is slower than with pip for ${slowFirstTest.map((g) => g.id).join(", ")}: \`uv pip install\` does not compile bytecode (pip does), so the first test run compiles every dependency's \`.pyc\`. \`uv pip install --compile-bytecode\` (or \`UV_COMPILE_BYTECODE=1\`) moves that cost into the install step.`,
    );
  }
  report.sections.push(lines.join("\n"));
  const uvRows = greenRows.filter((g) => g.installer === "uv");
  report.targets.push({
    target: "Time to green with uv: report it (it sets the next goal)",
    measured: uvRows.map((g) => `${g.id} ${g.total ? fmtS(g.total) : "failed"}`).join(", "),
    met: uvRows.length > 0 && uvRows.every((g) => g.total),
    report: true,
    take: uvRows.some((g) => !g.total) ? "Failing templates must install and pass their own tests." : "",
  });
} else {
  report.sections.push("## 4. Time to green\n\nSkipped (`BENCH_SKIP_GREEN=1`).");
  report.targets.push({ target: "Time to green with uv: report it", measured: "skipped (BENCH_SKIP_GREEN=1)", met: false, report: true, take: "Run without BENCH_SKIP_GREEN." });
}

// ---------------------------------------------------------------- 5. footprint

log("5. footprint");
const fp = {};
{
  const packDir = path.join(ROOT, "pack");
  await mkdir(packDir, { recursive: true });
  const pack = run("npm", ["pack", "--json", "--pack-destination", packDir, "--loglevel=error"], { cwd: REPO });
  if (pack.ok) {
    const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
    fp.pack = { size: info.size, unpacked: info.unpackedSize, entries: info.entryCount, file: path.join(packDir, info.filename) };
    const dir = path.join(ROOT, "fp-ours");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "package.json"), "{}\n");
    const inst = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", fp.pack.file], { cwd: dir, timeoutMs: 900_000 });
    if (inst.ok) {
      fp.ours = { ...(await treeSize(path.join(dir, "node_modules"))), packages: await countPackages(path.join(dir, "node_modules")), seconds: inst.seconds };
      // Does the installed CLI work without the repo's node_modules?
      const smoke = run(NODE, [path.join(dir, "node_modules", "create-python-backend", "bin", "create-backend-project.js"), "--list", "--json"], { cwd: dir });
      fp.ours.works = smoke.ok;
    } else fp.ours = { failed: lastLine(inst) };
  } else fp.pack = { failed: lastLine(pack) };

  const vdir = path.join(ROOT, "fp-vite");
  await mkdir(vdir, { recursive: true });
  await writeFile(path.join(vdir, "package.json"), "{}\n");
  const vinst = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "create-vite"], { cwd: vdir, timeoutMs: 900_000 });
  fp.vite = vinst.ok
    ? { ...(await treeSize(path.join(vdir, "node_modules"))), packages: await countPackages(path.join(vdir, "node_modules")), seconds: vinst.seconds }
    : { failed: lastLine(vinst) };

  for (const tool of ["cookiecutter", "copier"]) {
    const venv = path.join(ROOT, `fp-${tool}`);
    must("venv", run(pythonExe, ["-m", "venv", venv]));
    const before = await treeSize(venv);
    const sp = path.join(venv, "lib", `python${pythonExe.match(/python(3\.\d+)/)?.[1] ?? "3.11"}`, "site-packages");
    const dists = async () => (existsSync(sp) ? (await readdir(sp)).filter((n) => n.endsWith(".dist-info")).length : 0);
    const d0 = await dists();
    const inst = run(path.join(venv, "bin", "pip"), ["install", "-q", tool], { timeoutMs: 900_000 });
    if (inst.ok) {
      const after = await treeSize(venv);
      fp[tool] = { bytes: after.bytes - before.bytes, files: after.files - before.files, packages: (await dists()) - d0, seconds: inst.seconds };
    } else fp[tool] = { failed: lastLine(inst) };
  }
  cmd("footprint (ours)", "npm pack --json --pack-destination <tmp>; then in an empty folder with package.json {}: npm install --no-audit --no-fund <tarball>; size = sum of file sizes under node_modules");
  cmd("footprint (create-vite)", "in an empty folder with package.json {}: npm install --no-audit --no-fund create-vite");
  cmd("footprint (cookiecutter, copier)", `${pythonExe} -m venv <fresh>; <fresh>/bin/pip install cookiecutter (what it adds to the venv; distributions = new *.dist-info)`);

  const lines = [
    "## 5. Footprint",
    "",
    fp.pack.failed ? `\`npm pack\` failed: ${fp.pack.failed}` : `\`npm pack\`: ${fmtBytes(fp.pack.size)} tarball, ${fp.pack.entries} files, ${fmtBytes(fp.pack.unpacked)} unpacked.`,
    "",
    "Installed into an empty folder (sizes are the sum of file sizes). Install times are with a warm npm / pip cache; the ratio is to create-vite for npm packages and to cookiecutter for PyPI ones.",
    "",
    "| what | installed size | files | packages / distributions | install time | size ratio to anchor |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  const fr = (name, x, anchor) =>
    x?.failed
      ? `| ${name} | **failed** | ${x.failed} | – | – | – |`
      : `| ${name} | ${fmtBytes(x.bytes)} | ${x.files} | ${x.packages} | ${fmtS(x.seconds)} | ${anchor && !anchor.failed ? fmtRatio(x.bytes / anchor.bytes) : "–"} |`;
  if (fp.ours) lines.push(fr(`\`npm install\` create-backend-project (packed tarball)${fp.ours.works === false ? " — installed CLI did not run!" : ""}`, fp.ours, fp.vite));
  lines.push(fr("`npm install create-vite` (anchor)", fp.vite, fp.vite));
  lines.push(fr("`pip install cookiecutter` (anchor)", fp.cookiecutter, fp.cookiecutter));
  lines.push(fr("`pip install copier`", fp.copier, fp.cookiecutter));
  report.sections.push(lines.join("\n"));

  const o = fp.ours;
  const met = o && !o.failed && o.packages === 1 && o.bytes < 3 * 1024 * 1024;
  report.targets.push({
    target: "Footprint: `npx` downloads one package, under 3 MB installed",
    measured: !o || o.failed ? `failed: ${o?.failed ?? fp.pack.failed}` : `${o.packages} package(s), ${fmtBytes(o.bytes)}, ${o.files} files`,
    met,
    take: met ? "" : "Bundle every runtime dependency into dist/ and keep `dependencies` empty; trim what `files` ships (source maps, licences duplicated per chunk).",
  });
}

// ---------------------------------------------------------------- write BENCHMARKS.md

const loadAtEnd = os.loadavg();
const endedAt = new Date();
const minutes = ((endedAt - startedAt) / 60000).toFixed(1);
const load = (l) => l.map((x) => x.toFixed(2)).join(", ");
const loaded = Math.max(...loadAtStart.slice(0, 2), ...loadAtEnd.slice(0, 2)) > Number(machine.nproc) * 0.5;

const md = [
  "# Benchmarks",
  "",
  `Generated by \`npm run bench\` (\`bench/run.mjs\`) on ${startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC; the run took ${minutes} min. ` +
    `Timed measures are the median of ${RUNS} runs after one untimed warm-up, with min – max; time to green runs once per template × installer. ` +
    "Every ratio is to an anchor measured in the same run on the same machine. Wall-clock times include process start-up, as a user sees them.",
  "",
  "## Machine",
  "",
  `- CPUs (nproc): ${machine.nproc}; CPU: ${machine.cpu}`,
  `- Memory: ${machine.memory}`,
  `- OS: ${machine.os}`,
  `- Load average (1, 5, 15 min) at start: ${load(loadAtStart)}; at end: ${load(loadAtEnd)}.` +
    (loaded ? ` **The machine was busy during this run** (the benchmark's own installs and test suites count too), so absolute times are noisy; ratios to anchors measured in the same run are the numbers to compare.` : ""),
  "",
  "## Versions",
  "",
  ...Object.entries(versions).map(([k, v]) => `- ${k}: ${v}`),
  "",
  "## Targets (from issue #8)",
  "",
  `${report.targets.filter((t) => !t.report && t.met).length} of ${report.targets.filter((t) => !t.report).length} targets met.`,
  "",
  "| target | measured | status | what it would take |",
  "| --- | --- | --- | --- |",
  ...report.targets.map(
    (t) =>
      `| ${t.target} | ${t.measured.replace(/\|/g, "\\|")} | ${t.report ? (t.met ? "reported" : "**not measured**") : t.met ? "met" : "**MISSED**"} | ${(t.take || "–").replace(/\|/g, "\\|")} |`,
  ),
  "",
  ...report.sections.flatMap((s) => [s, ""]),
  "## Commands",
  "",
  "Run everything with `npm run bench` (`BENCH_RUNS=N` to change the repeat count, `BENCH_SKIP_GREEN=1` to skip time to green). It needs the README's e2e setup (Python ≥ 3.11, uv (the one on PATH, else the benchmark installs it from PyPI; `BENCH_UV_DIR` picks another), PostgreSQL and Redis on 127.0.0.1) and npm / PyPI access for the rivals. Scratch goes to `/tmp/bench-*` and is removed afterwards. Each timed command runs with a fresh output folder:",
  "",
  ...report.commands.map(([label, text]) => `- ${label}: \`${text.replace(/`/g, "'")}\``),
  "",
];
// The serving table comes from `npm run bench:serve` (bench/serve.mjs); keep it across runs.
const previous = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
// So does the lock table, from `npm run bench:locks` (bench/locks.mjs), which `npm run bench` runs next.
const kept = ["serve", "locks"]
  .map((name) => new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*<!-- bench:${name}:end -->`).exec(previous)?.[0])
  .filter(Boolean);
await writeFile(OUT, kept.length ? md.join("\n").replace(/\n## Commands/, `\n${kept.join("\n\n")}\n\n## Commands`) : md.join("\n"));
await cleanup();
log(`wrote ${path.relative(process.cwd(), OUT) || OUT} in ${minutes} min`);
