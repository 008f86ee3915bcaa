import { setMaxListeners } from "node:events";
import { parseArgs } from "node:util";
import { type DoctorReport, runDoctor } from "../../app/doctor.js";
import type { Registry } from "../../core/registry.js";
import { ExitCode, UserError } from "../../errors.js";
import { PACKAGE_NAME } from "../../packageName.js";

const MARK = { ok: "✔", missing: "✖", "wrong-version": "✖" } as const;

export const DOCTOR_HELP = `Usage: ${PACKAGE_NAME} doctor [--json]

Checks what create needs on this machine (Node, git and its identity, each Python
on PATH, uv, pip, Docker, PostgreSQL/Redis/Mosquitto on their default ports), gives a
one-line fix for each problem, and says which templates can be set up and tested here.
Exit codes: 0 the default flow works here, 1 something it needs is missing, 2 usage error.
`;

export function doctorText(report: DoctorReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    const optional = check.status !== "ok" && !check.required ? " (optional)" : "";
    const status = check.status === "ok" ? "" : ` ${check.status}${optional}`;
    lines.push(`${check.status === "ok" ? MARK.ok : check.required ? MARK.missing : "–"} ${check.title}${status}${check.detail ? `: ${check.detail}` : ""}`);
    if (check.fix) lines.push(`    fix: ${check.fix}`);
  }
  lines.push("", "Pythons on PATH:");
  if (!report.pythons.length) lines.push("  none");
  for (const p of report.pythons) {
    const what = p.version ? `${p.version} (${p.executable})` : "does not run";
    lines.push(`  ${p.command.padEnd(12)} ${what}${p.shim ? ", a pyenv shim" : ""} [${p.status}]`);
  }
  lines.push("", "Templates:");
  for (const t of report.templates) {
    lines.push(`  ${t.id.padEnd(22)} generate ${t.generate ? "yes" : "no"}, set up and test ${t.setUpAndTest ? "yes" : "no"} (${t.detail})`);
  }
  lines.push("", report.ok ? "Everything the default flow needs is here." : "Something the default flow needs is missing: see the fixes above.");
  return `${lines.join("\n")}\n`;
}

export interface DoctorContext {
  registry: Registry;
  platform: NodeJS.Platform;
  nodeVersion: string;
  searchPath: string;
  signal: AbortSignal;
  out: (text: string) => void;
}

export async function doctorCommand(argv: readonly string[], context: DoctorContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (error) {
    throw new UserError((error as Error).message.replace(/\. To specify.*$/s, "."), `Run ${PACKAGE_NAME} doctor --help.`);
  }
  if (values.help) return context.out(DOCTOR_HELP), ExitCode.ok;
  // Every probe listens for Ctrl-C on the one signal, all at once.
  setMaxListeners(64, context.signal);
  const report = await runDoctor({
    templates: context.registry.templates,
    platform: context.platform,
    nodeVersion: context.nodeVersion,
    searchPath: context.searchPath,
    signal: context.signal,
  });
  context.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report));
  return report.ok ? ExitCode.ok : ExitCode.failed;
}
