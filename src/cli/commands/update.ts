import { runUpdate, type UpdateReport } from "../../app/update.js";
import { loadRegistry } from "../../core/registry.js";
import { ExitCode, UserError } from "../../errors.js";
import { PACKAGE_NAME } from "../../packageName.js";
import type { ProjectCommandContext } from "./check.js";
import { parseCommandArgs } from "./projectArgs.js";

/** update's "merged, but conflicts are left for you". */
export const CONFLICTS_LEFT = 3;

export const UPDATE_HELP = `Usage: ${PACKAGE_NAME} update [--dry-run] [--json] [--conflict inline|rej]
                              [--allow-dirty] [--templates <dir>] [--base-templates <dir>]

Run inside a generated project. Brings it to this CLI's templates, keeping your changes:
a three-way merge of the project as first generated, the project now, and the new
render with the recorded answers. Files you deleted stay deleted; .env and keys are
never touched; a file both sides changed on the same lines gets conflict markers
(or, with --conflict rej, stays yours with the merge beside it as <file>.rej).
  --dry-run            show the plan and the diff, write nothing
  --allow-dirty        run although git has uncommitted changes
  --base-templates     templates the project was made with, when its pristine copy is gone
Exit codes: 0 updated (or up to date), 3 conflicts left to resolve, 1 error, 2 usage.
`;

const MARK = { write: "M", create: "A", delete: "D", reject: "R", keep: "K" } as const;

export function updateText(report: UpdateReport): string {
  const lines: string[] = [];
  if (report.dryRun && report.diff) lines.push(report.diff.trimEnd(), "");
  if (report.status === "up-to-date") {
    lines.push(`Up to date: nothing to merge from the templates of ${PACKAGE_NAME} ${report.toVersion}.`);
    return `${lines.join("\n")}\n`;
  }
  for (const action of report.actions) {
    const conflict = action.conflict
      ? action.action === "reject"
        ? ` (conflict: see ${action.path}.rej)`
        : action.conflict === "content" || action.conflict === "add-add"
          ? ` (conflict: ${action.conflict}, markers in the file)`
          : action.conflict === "delete-modify"
            ? " (you deleted it; the template changed it: it stays deleted)"
            : action.conflict === "modify-delete"
              ? " (the template deleted it; you changed it: yours is kept)"
              : ` (conflict: ${action.conflict}, your version kept)`
      : "";
    lines.push(`  ${MARK[action.action]} ${action.path}${conflict}`);
  }
  const from = `${report.template} ${report.fromVersion} → ${report.toVersion}`;
  if (report.dryRun) lines.push(`Dry run (${from}): nothing was written.`);
  else if (report.status === "conflicts") lines.push(`Updated ${from} with ${report.conflicts.length} conflict${report.conflicts.length === 1 ? "" : "s"} left: resolve them, then commit.`);
  else lines.push(`Updated ${from}: review with \`git diff\`, then commit.`);
  return `${lines.join("\n")}\n`;
}

export async function updateCommand(argv: readonly string[], context: ProjectCommandContext): Promise<number> {
  const values = parseCommandArgs("update", argv, {
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
    conflict: { type: "string" },
    "allow-dirty": { type: "boolean" },
    templates: { type: "string" },
    "base-templates": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return context.out(UPDATE_HELP), ExitCode.ok;
  const conflict = values.conflict ?? "inline";
  if (conflict !== "inline" && conflict !== "rej") throw new UserError(`--conflict must be inline or rej, not ${JSON.stringify(conflict)}.`);
  const registry = values.templates ? await loadRegistry(values.templates) : context.registry;
  const report = await runUpdate({
    dir: context.cwd,
    registry,
    version: context.version,
    dryRun: values["dry-run"] ?? false,
    conflict,
    allowDirty: values["allow-dirty"] ?? false,
    baseTemplates: values["base-templates"],
  });
  const { diff, ...rest } = report;
  context.out(values.json ? `${JSON.stringify(report.dryRun ? report : rest, null, 2)}\n` : updateText(report));
  return report.status === "conflicts" ? CONFLICTS_LEFT : ExitCode.ok;
}
