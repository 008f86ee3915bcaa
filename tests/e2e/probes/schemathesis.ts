import { existsSync } from "node:fs";
import path from "node:path";
import { run } from "../../helpers/e2eServices.js";
import type { ProbeContext } from "./context.js";

/** The schemathesis CLI: on PATH (the test set-up provisions it), else the machine's tool folder. */
const SEED = 20261202;

export function schemathesisBin(): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), "/tmp/cbp-tools/bin"]) {
    if (dir && existsSync(path.join(dir, "st"))) return path.join(dir, "st");
  }
  return undefined;
}

/**
 * `st run` with every check against the served OpenAPI schema, signed in as the user, a bounded
 * number of examples per operation and a fixed seed (a failure reproduces). Checks a template
 * cannot meet are excluded in its check.json, each with its reason.
 */
export async function schemathesisProbe(ctx: ProbeContext, scratch: string): Promise<string[]> {
  const spec = ctx.check.schemathesis;
  const openapi = ctx.check.production?.openapi;
  if (!spec || !openapi) return ["check.json has no schemathesis block or production.openapi path: every API template is fuzzed"];
  const st = schemathesisBin();
  if (!st) return ["schemathesis (`st`) is not on PATH"];
  const args = [
    "run",
    `${ctx.base}${openapi}`,
    "--url",
    ctx.base,
    "--checks",
    "all",
    "--max-examples",
    String(spec.maxExamples),
    "--seed",
    String(SEED),
    // One worker: with two, hypothesis builds ASTs on two threads at once and CPython's shared
    // AST recursion counter trips ("AST constructor recursion depth mismatch"), a schemathesis
    // error that has nothing to do with the API under test.
    "--workers",
    "1",
    "--request-timeout",
    "20",
    "--generation-database",
    "none",
    "--no-color",
    "--output-truncate",
    "true",
    ...(spec.exclude?.length ? ["--exclude-checks", spec.exclude.map((e) => e.check).join(",")] : []),
    ...(spec.skipOperations ?? []).flatMap((o) => ["--exclude-operation-id", o.operationId]),
    ...(ctx.tokens.user ? ["--header", `Authorization: ${ctx.auth!.scheme} ${ctx.tokens.user}`] : []),
    ...(spec.args ?? []),
  ];
  const { exitCode, output } = await run(st, args, { cwd: scratch, env: { ...process.env, SCHEMATHESIS_HOOKS: "" } });
  if (exitCode === 0) return [];
  return [`st run ${openapi} (all checks, ${spec.maxExamples} examples, seed ${SEED}) exited ${exitCode}:\n${summarize(output)}`];
}

/** One line per failing operation and check: what was received, what is documented, one body. */
export function summarize(output: string): string {
  const lines = output.split("\n");
  const found: string[] = [];
  let operation = "";
  let check = "";
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^=+ ([A-Z][A-Z ]+) =+$/.exec(line.trim());
    if (heading) section = heading[1]!;
    if (section === "WARNINGS" || section === "SUMMARY") continue;
    const op = /^_{3,} (.+?) _{3,}$/.exec(line.trim());
    if (op && section === "ERRORS") {
      // An error is schemathesis failing to run a test, not a check failing: its kind, message and last frame.
      const detail = lines.slice(i + 1, i + 40).map((l) => l.trim()).filter(Boolean);
      const lastFrame = detail.filter((l) => l.startsWith("File ")).at(-1) ?? "";
      found.push(`${op[1]}: error: ${detail.slice(0, 2).join(": ").slice(0, 240)}${lastFrame ? `\n      ${lastFrame.slice(0, 240)}` : ""}`);
      continue;
    }
    if (op) operation = op[1]!;
    const st = /^- (ST\d+ .+|.+)$/.exec(line.trim());
    if (st && operation && /^- [A-Z]/.test(line.trim())) {
      check = st[1]!;
      const detail = lines.slice(i + 1, i + 14).map((l) => l.trim()).filter(Boolean);
      const received = detail.find((l) => l.startsWith("Received:")) ?? "";
      const documented = detail.find((l) => l.startsWith("Documented:")) ?? "";
      const body = detail.find((l) => l.startsWith("`")) ?? detail.find((l) => /^\[\d{3}\]/.test(l)) ?? "";
      const curl = lines.slice(i, i + 30).map((l) => l.trim()).find((l) => l.startsWith("curl ")) ?? "";
      found.push(`${operation}: ${check}${received ? ` (${received}${documented ? `; ${documented}` : ""})` : ""} ${body.slice(0, 160)}${curl ? `\n      ${curl.slice(0, 300)}` : ""}`);
    }
  }
  if (!found.length) return lines.slice(-60).join("\n");
  const unique = [...new Set(found)];
  const summary = lines.filter((l) => /^=+ .*\b(passed|failed|errors?)\b.* =+$/.test(l.trim())).slice(-2);
  return [...unique.map((f) => `  - ${f}`), ...summary].join("\n");
}
