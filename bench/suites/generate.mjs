// bench: 3. generate + git + venv (imported in order by bench/run.mjs; runs when imported).
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import {
  REPO,
  BIN,
  NODE,
  SLUG,
  ENV_NO_UV,
  ROOT,
  log,
  run,
  lastLine,
  fresh,
  median,
  stats,
  measure,
  fmtS,
  fmtDelta,
  fmtRange,
  fmtRatio,
  ourCli,
} from "../harness.mjs";
import { ENV_UV, cmd, isProbe, pythonExe, report, span, templateIds, uvExe, versions } from "./setup.mjs";

// ---------------------------------------------------------------- 3. generate + git + venv
log("3. generate + git + venv (no install)");
cmd("generate + git + venv, uv", `PATH=<uv's folder>:<PATH without uv> node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-install`);
cmd("generate + git + venv, pip", `PATH=<PATH without uv> node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-install   (each run preceded by ${pythonExe} -m venv <fresh>/.venv, its pair)`);
cmd("anchors", `${pythonExe} -m venv <fresh>/.venv   ;   uv venv --quiet --python ${pythonExe} <fresh>/.venv`);

export const venvPip = await measure("python -m venv (anchor)", async () => {
  const cwd = await fresh("venv");
  const r = run(pythonExe, ["-m", "venv", ".venv"], { cwd });
  return { ...r, note: lastLine(r) };
});
export const venvUv = await measure("uv venv (anchor)", async () => {
  const cwd = await fresh("uvvenv");
  const r = run(uvExe, ["venv", "--quiet", "--python", pythonExe, ".venv"], { cwd, env: ENV_UV });
  return { ...r, note: lastLine(r) };
});
// The interpreter search our CLI does alongside the files step (src/effects/python.ts:
// candidates in this order, two at a time, with the same flags), each timed on its own.
export const probeCost = [];
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

export const genRows = [];
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
      if (i >= 0) {
        // Steps count their own work; the tasks say when each really ran (they overlap).
        const task = (id) => out.tasks?.find((t) => t.id === id);
        const end = (t) => (t ? (t.startedMs + t.ms) / 1000 : undefined);
        steps.push({
          ...Object.fromEntries(out.steps.map((s) => [s.id, s.ms / 1000])),
          search: task("python") ? task("python").ms / 1000 : undefined,
          placedAt: end(task("place")),
          venvEnd: end(task("venv")),
        });
      }
      if (i >= 0 && alone?.ok) overheads.push(r.seconds - alone.seconds);
      return r;
    });
    const stepMedians = {};
    for (const k of ["files", "git", "venv", "search", "placedAt", "venvEnd"]) {
      const xs = steps.map((s) => s[k]).filter(Number.isFinite);
      if (xs.length) stepMedians[k] = median(xs);
    }
    genRows.push({ id, installer, st, stepMedians, paired: stats(overheads) });
  }
}

// One traced run per installer: every child process the CLI starts, with its start offset and duration.
export const traces = [];
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
    // What the run's own clock does not cover: Node start-up, flags, plan, report.
    const other = w.max ? w.max.st.median - (s.venvEnd ?? 0) : NaN;
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
          : `Worst is ${w.max?.id ?? "?"}: ${fmtS(over)} over. From its \`--json\` (medians): the files step's own work (render, stage, move) ${fmtS(s.files)}, git ${fmtS(s.git)} (in the staging folder, alongside the interpreter search), the interpreter search ${fmtS(s.search)}, files in place at ${fmtS(s.placedAt)} into the run, venv ${fmtS(s.venv)}, done at ${fmtS(s.venvEnd)}; start-up, plan and report outside that clock ${fmtS(other)}. ` +
            traceText(inst),
    });
  }
}

