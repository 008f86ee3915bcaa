import type { Manifest, TemplateOption } from "../core/manifest.js";
import type { Registry } from "../core/registry.js";
import { PACKAGE_NAME } from "../packageName.js";
import { FLAGS, type FlagGroup, flagUsage, optionFlag, templateOptionFlags } from "./flags.js";

const COLUMN = 28;

/** One help section, from the flag declarations: the same list the parser reads. */
function flagLines(group: FlagGroup): string {
  return FLAGS.filter((f) => f.group === group)
    .map((f) => {
      const [first, ...rest] = f.help.split("\n");
      return [`  ${flagUsage(f).padEnd(COLUMN - 2)}${first}`, ...rest.map((line) => `${" ".repeat(COLUMN)}${line}`)].join("\n");
    })
    .join("\n");
}

/** One option as every template that declares it sees it: their choices and defaults may differ. */
function describeOption(declared: { id: string; option: TemplateOption }[]): string {
  const first = declared[0]!.option;
  const shown = (o: TemplateOption) => (o.type === "boolean" ? (o.default ? "yes" : "no") : o.default);
  const defaults = [...new Set(declared.map((d) => shown(d.option)))];
  const fallback =
    defaults.length === 1 ? defaults[0] : declared.map((d) => `${shown(d.option)} in ${d.id}`).join(", ");
  if (first.type === "boolean") return `${first.message} (default: ${fallback})`;
  const choices = [...new Set(declared.flatMap((d) => (d.option.type === "select" ? d.option.choices.map((c) => c.value) : [])))];
  return `${first.message}: ${choices.join(" | ")} (default: ${fallback})`;
}

/** Help is built from the registry, so a new template documents itself. */
export function helpText(registry: Registry, version: string): string {
  const templates = registry.templates.map((t) => `  ${t.id.padEnd(22)}${t.title} (${t.stack.join(", ")})`);
  const options = [...templateOptionFlags(registry).values()].map((o) => {
    const declared = registry.templates.flatMap((t) => t.options.filter((x) => x.name === o.name).map((option) => ({ id: t.id, option })));
    return `  ${optionFlag(o).padEnd(26)}${describeOption(declared)} [${declared.map((d) => d.id).join(", ")}]`;
  });
  return `${PACKAGE_NAME} ${version}
Scaffold a portfolio-grade Python backend project, with git and a virtual environment ready.

Usage:
  npx ${PACKAGE_NAME} [directory] [flags]
  npm create python-backend@latest [directory] -- [flags]
  create-backend-project [directory] [flags]     (the same, once installed globally)
  npx ${PACKAGE_NAME} check | update | doctor [--help]   (check/update: inside a generated project; doctor: this machine)

Templates:
${templates.join("\n")}

Project:
${flagLines("Project")}

Template options:
${options.join("\n")}

Setup:
${flagLines("Setup")}

Automation:
${flagLines("Automation")}

A folder named like a command (doctor) is given as ./doctor: a first word that names
a command runs it.

Exit codes: 0 done, 1 a step failed, 2 usage or validation error, 3 this machine lacks
something (a Python, disk space), 130 cancelled.
`;
}

export function listText(registry: Registry): string {
  return `${registry.templates
    .map((t) => {
      const opts = t.options.map((o) => `--${o.name}`).join(" ") || "none";
      return `${t.id}\n  ${t.title}: ${t.summary}\n  Stack: ${t.stack.join(", ")}\n  Skills: ${t.skills.join(", ")}\n  Options: ${opts}`;
    })
    .join("\n\n")}\n`;
}

export function listJson(registry: Registry) {
  return registry.templates.map((t: Manifest) => ({
    id: t.id,
    title: t.title,
    summary: t.summary,
    stack: t.stack,
    skills: t.skills,
    python: t.python,
    options: t.options.map((o) =>
      o.type === "boolean"
        ? { name: o.name, type: o.type, message: o.message, default: o.default }
        : { name: o.name, type: o.type, message: o.message, choices: o.choices.map((c) => c.value), default: o.default },
    ),
  }));
}
