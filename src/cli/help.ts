import type { Manifest, TemplateOption } from "../core/manifest.js";
import type { Registry } from "../core/registry.js";
import { PACKAGE_NAME } from "../packageName.js";
import { optionFlag, templateOptionFlags } from "./flags.js";

function describeOption(option: TemplateOption): string {
  if (option.type === "boolean") return `${option.message} (default: ${option.default ? "yes" : "no"})`;
  return `${option.message}: ${option.choices.map((c) => c.value).join(" | ")} (default: ${option.default})`;
}

/** Help is built from the registry, so a new template documents itself. */
export function helpText(registry: Registry, version: string): string {
  const templates = registry.templates.map((t) => `  ${t.id.padEnd(22)}${t.title} (${t.stack.join(", ")})`);
  const options = [...templateOptionFlags(registry).values()].map((o) => {
    const users = registry.templates.filter((t) => t.options.some((x) => x.name === o.name)).map((t) => t.id);
    return `  ${optionFlag(o).padEnd(26)}${describeOption(o)} [${users.join(", ")}]`;
  });
  return `${PACKAGE_NAME} ${version}
Scaffold a portfolio-grade Python backend project, with git and a virtual environment ready.

Usage:
  npx ${PACKAGE_NAME} [directory] [flags]
  npm create python-backend@latest [directory] -- [flags]
  create-backend-project [directory] [flags]     (the same, once installed globally)
  npx ${PACKAGE_NAME} check | update | doctor [--help]   (check/update: inside a generated project)

Templates:
${templates.join("\n")}

Project:
  -t, --template <id>       Template to use (see above)
  --name <text>             Display name (default: from the directory name)
  --description <text>      One-line description
  --author <text>           Author name
  --email <text>            Author email (with --author)
  --license <id>            MIT (default) | Apache-2.0 | none: LICENSE file and pyproject.toml

Template options:
${options.join("\n")}

Setup:
  --python <path|3.x>       Python for the venv: an interpreter, or a version such as 3.12
                            (default: the newest python3.x found; with uv, one uv finds or installs)
  --no-git                  Do not initialise a git repository
  --no-venv                 Do not create .venv (implies --no-install)
  --no-install              Create .venv but do not install dependencies

Automation:
  -y, --yes                 Use defaults for everything not given; never prompt
  --answers <file.json>     Replay answers (e.g. a project's .create-backend-project.json)
  --force                   Write into a non-empty directory if no generated path exists there
  --dry-run                 Print the plan; write nothing
  --json                    One JSON document on stdout; human text on stderr
  --verbose                 Show everything the venv and install commands print
  --list                    List templates (with --json: machine-readable)
  -h, --help                Show this help
  -v, --version             Show the version

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
