import { type CheckReport, runCheck } from "../../app/check.js";
import { loadRegistry, type Registry } from "../../core/registry.js";
import { ExitCode } from "../../errors.js";
import { PACKAGE_NAME } from "../../packageName.js";
import { parseCommandArgs } from "./projectArgs.js";

/** check's "an update is available", for CI: the usage code, as the issue asks. */
export const UPDATE_AVAILABLE = 2;

export const CHECK_HELP = `Usage: ${PACKAGE_NAME} check [--json] [--templates <dir>]

Run inside a generated project. Says whether this CLI's templates have changes the
project has not taken yet, one line per changed template file (A added, M modified,
D deleted). Files that hold secrets (.env, keys) are never counted.
Exit codes: 0 up to date, 2 an update is available (or not a generated project).
`;

const MARK = { added: "A", modified: "M", deleted: "D" } as const;

export function checkText(report: CheckReport): string {
  if (report.upToDate) return `Up to date: ${report.template} is on the templates of ${PACKAGE_NAME} ${report.currentVersion}.\n`;
  const lines = [`Update available: the ${report.template} templates of ${PACKAGE_NAME} ${report.currentVersion} differ from the ones this project is on (${report.projectVersion}).`];
  if (report.basis === "digest") lines.push("  (no pristine copy of the project's templates here, so the changed files cannot be listed)");
  for (const change of report.changes) lines.push(`  ${MARK[change.change]} ${change.path}`);
  lines.push(`Run \`${PACKAGE_NAME} update --dry-run\` to see the merge, then \`${PACKAGE_NAME} update\`.`);
  return `${lines.join("\n")}\n`;
}

export interface ProjectCommandContext {
  registry: Registry;
  cwd: string;
  version: string;
  out: (text: string) => void;
}

export async function checkCommand(argv: readonly string[], context: ProjectCommandContext): Promise<number> {
  const values = parseCommandArgs("check", argv, {
    json: { type: "boolean" },
    templates: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return context.out(CHECK_HELP), ExitCode.ok;
  const registry = values.templates ? await loadRegistry(values.templates) : context.registry;
  const report = await runCheck({ dir: context.cwd, registry, version: context.version });
  context.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : checkText(report));
  return report.upToDate ? ExitCode.ok : UPDATE_AVAILABLE;
}
