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
//
// The harness (bench/harness.mjs) holds the shared paths and measuring helpers;
// each suite is a module under bench/suites/, run in this order as it is
// imported; suites/report.mjs writes BENCHMARKS.md from what they measured.
// One after another: sibling modules with top-level await would otherwise run side by side.
for (const suite of ["setup", "startup", "render", "generate", "green", "footprint", "report"]) {
  await import(`./suites/${suite}.mjs`);
}
