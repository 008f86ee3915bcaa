// bench: 1. start-up (imported in order by bench/run.mjs; runs when imported).
import { lstat, readFile, rm } from "node:fs/promises";
import path from "node:path";
import {
  REPO,
  BIN,
  RUNS,
  NODE,
  ROOT,
  log,
  run,
  lastLine,
  fresh,
  median,
  stats,
  measure,
  fmtS,
  fmtBytes,
  row,
  treeSize,
  ourCli,
} from "../harness.mjs";
import { cmd, machine, report } from "./setup.mjs";

// ---------------------------------------------------------------- 1. start-up
log("1. start-up");
export const ptyTimer = path.join(REPO, "bench", "pty_timer.py");
export async function ptyMeasure(label, expected, command) {
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

export const nodeBare = await measure("node -e 0", async () => run(NODE, ["-e", "0"]));
export const list = await measure("--list", async () => {
  const r = ourCli(["--list"]);
  return { ...r, note: lastLine(r) };
});
export const nodeBarePty = await ptyMeasure("node -e 0 (pty)", "", [NODE, "-e", "0"]);
export const prompt = await ptyMeasure("first prompt (pty)", "Which project", [NODE, BIN]);
cmd("anchor", "node -e 0   (spawned directly, and again through the pty timer)");
cmd("--list", "node bin/create-backend-project.js --list");
cmd("first prompt", 'python3 bench/pty_timer.py "Which project" N <tmp> -- node bin/create-backend-project.js   (80x24 pty; time from fork until "Which project" is on screen, then Ctrl-C)');

// What loads before the first prompt (static imports of dist/cli/main.js).
export async function staticClosure(entry) {
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
export const eager = await staticClosure(path.join(REPO, "dist", "cli", "main.js")).catch(() => undefined);
export const distSize = await treeSize(path.join(REPO, "dist"));

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

