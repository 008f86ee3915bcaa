// bench: 4. time to green (imported in order by bench/run.mjs; runs when imported).
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  TEMPLATES,
  SKIP_GREEN,
  PG,
  REDIS_DB,
  SLUG,
  ENV_NO_UV,
  ROOT,
  log,
  run,
  must,
  lastLine,
  fresh,
  median,
  fmtS,
  fmtRatio,
  row,
  ourCli,
} from "../harness.mjs";
import { ENV_UV, cmd, defaults, machine, manifests, matchesWhen, report, templateIds } from "./setup.mjs";

// ---------------------------------------------------------------- 4. time to green
export const greenRows = [];
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

