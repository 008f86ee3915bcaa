import { parseArgs } from "node:util";
import type { PartialAnswers } from "../core/answers.js";
import type { TemplateOption } from "../core/manifest.js";
import type { Registry } from "../core/registry.js";
import { type KeyNamer, nameAsKey, TemplateError, UserError } from "../errors.js";
import { PACKAGE_NAME } from "../packageName.js";

export interface CliSettings {
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  verbose: boolean;
  list: boolean;
  help: boolean;
  version: boolean;
  git: boolean;
  venv: boolean;
  install: boolean;
  python?: string;
  answersFile?: string;
}

export interface ParsedFlags {
  answers: PartialAnswers;
  settings: CliSettings;
}

type AnswerKey = "template" | "name" | "description" | "author" | "email" | "license";
type BooleanSetting = { [K in keyof CliSettings]-?: CliSettings[K] extends boolean ? K : never }[keyof CliSettings];
type TextSetting = "python" | "answersFile";

export type FlagGroup = "Project" | "Setup" | "Automation";

/** One command-line flag: the parser, the help text and the answer-key names all come from this. */
export type FlagSpec = {
  /** The long name, without dashes. */
  name: string;
  short?: string;
  group: FlagGroup;
  /** Help text; a second line continues the first under it. */
  help: string;
} & (
  | { type: "string"; value: string; sets: { answer: AnswerKey } | { setting: TextSetting } }
  /** `negatable`: on unless turned off, so help shows `--no-<name>` and both spellings parse. */
  | { type: "boolean"; negatable?: boolean; sets: { setting: BooleanSetting } }
);

/** Every flag create accepts, besides the template options (declared by each template's manifest). */
export const FLAGS: readonly FlagSpec[] = [
  { name: "template", short: "t", type: "string", value: "<id>", group: "Project", sets: { answer: "template" }, help: "Template to use (see above)" },
  { name: "name", type: "string", value: "<text>", group: "Project", sets: { answer: "name" }, help: "Display name (default: from the directory name)" },
  { name: "description", type: "string", value: "<text>", group: "Project", sets: { answer: "description" }, help: "One-line description" },
  { name: "author", type: "string", value: "<text>", group: "Project", sets: { answer: "author" }, help: "Author name" },
  { name: "email", type: "string", value: "<text>", group: "Project", sets: { answer: "email" }, help: "Author email (with --author)" },
  { name: "license", type: "string", value: "<id>", group: "Project", sets: { answer: "license" }, help: "MIT (default) | Apache-2.0 | none: LICENSE file and pyproject.toml" },
  {
    name: "python",
    type: "string",
    value: "<path|3.x>",
    group: "Setup",
    sets: { setting: "python" },
    help: "Python for the venv: an interpreter, or a version such as 3.12\n(default: the newest python3.x found; with uv, one uv finds or installs)",
  },
  { name: "git", type: "boolean", negatable: true, group: "Setup", sets: { setting: "git" }, help: "Do not initialise a git repository" },
  { name: "venv", type: "boolean", negatable: true, group: "Setup", sets: { setting: "venv" }, help: "Do not create .venv (implies --no-install)" },
  { name: "install", type: "boolean", negatable: true, group: "Setup", sets: { setting: "install" }, help: "Create .venv but do not install dependencies" },
  { name: "yes", short: "y", type: "boolean", group: "Automation", sets: { setting: "yes" }, help: "Use defaults for everything not given; never prompt" },
  { name: "answers", type: "string", value: "<file.json>", group: "Automation", sets: { setting: "answersFile" }, help: "Replay answers (e.g. a project's .create-backend-project.json)" },
  { name: "force", type: "boolean", group: "Automation", sets: { setting: "force" }, help: "Write into a non-empty directory if no generated path exists there" },
  { name: "dry-run", type: "boolean", group: "Automation", sets: { setting: "dryRun" }, help: "Print the plan; write nothing" },
  { name: "json", type: "boolean", group: "Automation", sets: { setting: "json" }, help: "One JSON document on stdout; human text on stderr" },
  { name: "verbose", type: "boolean", group: "Automation", sets: { setting: "verbose" }, help: "Show everything the venv and install commands print" },
  { name: "list", type: "boolean", group: "Automation", sets: { setting: "list" }, help: "List templates (with --json: machine-readable)" },
  { name: "help", short: "h", type: "boolean", group: "Automation", sets: { setting: "help" }, help: "Show this help" },
  { name: "version", short: "v", type: "boolean", group: "Automation", sets: { setting: "version" }, help: "Show the version" },
];

/** How the flag looks in help: `-t, --template <id>`, `--no-git`. */
export function flagUsage(flag: FlagSpec): string {
  const long = flag.type === "boolean" && flag.negatable ? `--no-${flag.name}` : `--${flag.name}`;
  return `${flag.short ? `-${flag.short}, ` : ""}${long}${flag.type === "string" ? ` ${flag.value}` : ""}`;
}

export function optionFlag(option: TemplateOption): string {
  return option.type === "boolean" ? `--${option.name} / --no-${option.name}` : `--${option.name}`;
}

/** The spellings a flag takes on the command line, without dashes. */
function spellings(flag: FlagSpec | TemplateOption): string[] {
  // A template's boolean option defaults either way, so it always takes both spellings.
  const negatable = flag.type === "boolean" && ("sets" in flag ? flag.negatable === true : true);
  return negatable ? [flag.name, `no-${flag.name}`] : [flag.name];
}

/** The flag that sets an answer or setting key (`license`, `answersFile`, `options.db`), if one does. */
function flagName(key: string): string | undefined {
  const [top, option] = key.split(".", 2);
  if (top === "options" && option) return option;
  return FLAGS.find((f) => ("answer" in f.sets ? f.sets.answer : f.sets.setting) === key)?.name;
}

/** Core names keys; on the command line they are flags: `venv`, false → `--no-venv`. */
export const nameAsFlag: KeyNamer = (key, value) => {
  const flag = flagName(key);
  if (!flag) return nameAsKey(key, value);
  if (value === false) return `--no-${flag}`;
  return value === true || value === undefined ? `--${flag}` : `--${flag} ${value}`;
};

/**
 * Names an answer key (`license`, `options.db`) the way the user gave it: as the
 * flag when a flag set it (or a prompt or default did), as the answers file's entry otherwise.
 */
export function describeAnswerKey(key: string, flags: PartialAnswers, file?: { source: string; answers: PartialAnswers }): string {
  if (key === "directory") return "The project directory";
  const [top, option] = key.split(".", 2) as [keyof PartialAnswers, string | undefined];
  const given = (layer: PartialAnswers) =>
    option === undefined ? layer[top] !== undefined : Object.hasOwn(layer.options ?? {}, option);
  if (file && !given(flags) && given(file.answers)) return `"${key}" in ${file.source}`;
  return nameAsFlag(key);
}

/**
 * Every template option across the registry becomes a flag; the chosen template
 * later checks it applies. The registry guarantees one type per option name, so
 * the first declaration stands for all; a name a core flag already takes is a
 * broken template, named here, since the flag could never reach it.
 */
export function templateOptionFlags(registry: Registry): Map<string, TemplateOption> {
  const taken = new Set(FLAGS.flatMap(spellings));
  const byName = new Map<string, TemplateOption>();
  for (const manifest of registry.templates) {
    for (const option of manifest.options) {
      const clash = spellings(option).find((s) => taken.has(s));
      if (clash) {
        throw new TemplateError(
          `templates/${manifest.id}/template.json: option "${option.name}" would be the flag --${clash}, which ${PACKAGE_NAME} already has.`,
          "Rename the option.",
        );
      }
      if (!byName.has(option.name)) byName.set(option.name, option);
    }
  }
  return byName;
}

function parseError(error: unknown): UserError {
  const message = (error as Error).message.replace(/\. To specify.*$/s, ".");
  return new UserError(message, `Run ${PACKAGE_NAME} --help for the list of flags.`);
}

export function parseFlags(argv: readonly string[], registry: Registry): ParsedFlags {
  const optionFlags = templateOptionFlags(registry);
  type Spec = { type: "string" | "boolean"; short?: string };
  const spec: Record<string, Spec> = {};
  for (const flag of [...FLAGS, ...optionFlags.values()]) {
    for (const spelling of spellings(flag)) spec[spelling] = { type: flag.type === "boolean" ? "boolean" : "string" };
    if ("short" in flag && flag.short) spec[flag.name]!.short = flag.short;
  }

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: spec, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw parseError(error);
  }

  // parseArgs keeps the last of a repeated flag; a CI script that says two things is a bug worth naming.
  const seen = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const base = token.name.replace(/^no-/, "");
    const key = spec[base] ? base : token.name;
    const earlier = seen.get(key);
    if (earlier) throw new UserError(`${earlier} and ${token.rawName} both given; pass it once.`);
    seen.set(key, token.rawName);
  }
  if (parsed.positionals.length > 1) {
    throw new UserError(
      `Expected one directory, got ${parsed.positionals.length}: ${parsed.positionals.map((p) => JSON.stringify(p)).join(" ")}.`,
      "Quote a directory name that contains spaces.",
    );
  }

  const v = parsed.values as Record<string, string | boolean | undefined>;
  /** A boolean flag's value, or undefined when neither spelling was given. */
  const bool = (name: string) => (v[`no-${name}`] ? false : v[name] === undefined ? undefined : Boolean(v[name]));
  const answers: PartialAnswers = { options: {} };
  if (parsed.positionals[0] !== undefined) answers.directory = parsed.positionals[0];
  const settings: CliSettings = {
    yes: false, force: false, dryRun: false, json: false, verbose: false, list: false, help: false, version: false,
    git: true, venv: true, install: true,
  };
  for (const flag of FLAGS) {
    if (flag.type === "boolean") {
      const value = bool(flag.name);
      if (value !== undefined) settings[flag.sets.setting] = value;
    } else if (typeof v[flag.name] === "string") {
      const value = v[flag.name] as string;
      if ("answer" in flag.sets) answers[flag.sets.answer] = value;
      else settings[flag.sets.setting] = value;
    }
  }
  settings.install &&= settings.venv;
  for (const [name, option] of optionFlags) {
    const value = option.type === "boolean" ? bool(name) : v[name];
    if (value !== undefined) answers.options![name] = value;
  }
  return { answers, settings };
}
