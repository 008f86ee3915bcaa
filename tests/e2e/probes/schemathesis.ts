import { existsSync } from "node:fs";
import path from "node:path";
import { run } from "../../helpers/e2eServices.js";
import type { ProbeContext } from "./context.js";

/** The schemathesis CLI: on PATH (the test set-up provisions it), else the machine's tool folder. */
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
    "20261202",
    "--workers",
    "2",
    "--request-timeout",
    "20",
    "--generation-database",
    "none",
    "--no-color",
    "--output-truncate",
    "true",
    ...(spec.exclude?.length ? ["--exclude-checks", spec.exclude.map((e) => e.check).join(",")] : []),
    ...(ctx.tokens.user ? ["--header", `Authorization: ${ctx.auth!.scheme} ${ctx.tokens.user}`] : []),
    ...(spec.args ?? []),
  ];
  const { exitCode, output } = await run(st, args, { cwd: scratch, env: { ...process.env, SCHEMATHESIS_HOOKS: "" } });
  if (exitCode === 0) return [];
  const lines = output.trimEnd().split("\n");
  const start = lines.findIndex((l) => /FAILURES|ERRORS/.test(l));
  return [`st run ${openapi} (all checks, ${spec.maxExamples} examples) exited ${exitCode}:\n${lines.slice(start >= 0 ? start : -80).slice(0, 160).join("\n")}`];
}
