import { parseArgs } from "node:util";
import type { PartialAnswers } from "../core/answers.js";
import type { TemplateOption } from "../core/manifest.js";
import type { Registry } from "../core/registry.js";
import { UserError } from "../errors.js";
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

type Spec = { type: "string" | "boolean"; short?: string };

const TEXT_FLAGS = ["name", "description", "author", "email"] as const;
const CORE: Record<string, Spec> = {
  template: { type: "string", short: "t" },
  name: { type: "string" },
  description: { type: "string" },
  author: { type: "string" },
  email: { type: "string" },
  license: { type: "string" },
  python: { type: "string" },
  answers: { type: "string" },
  yes: { type: "boolean", short: "y" },
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  verbose: { type: "boolean" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  git: { type: "boolean" },
  "no-git": { type: "boolean" },
  venv: { type: "boolean" },
  "no-venv": { type: "boolean" },
  install: { type: "boolean" },
  "no-install": { type: "boolean" },
};

export function optionFlag(option: TemplateOption): string {
  return option.type === "boolean" ? `--${option.name} / --no-${option.name}` : `--${option.name}`;
}

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
  return `--${option ?? top}`;
}

/** Every template option across the registry becomes a flag; the chosen template later checks it applies. */
export function templateOptionFlags(registry: Registry): Map<string, TemplateOption> {
  const byName = new Map<string, TemplateOption>();
  for (const manifest of registry.templates) {
    for (const option of manifest.options) if (!byName.has(option.name)) byName.set(option.name, option);
  }
  return byName;
}

function parseError(error: unknown): UserError {
  const message = (error as Error).message.replace(/\. To specify.*$/s, ".");
  return new UserError(message, `Run ${PACKAGE_NAME} --help for the list of flags.`);
}

export function parseFlags(argv: readonly string[], registry: Registry): ParsedFlags {
  const optionFlags = templateOptionFlags(registry);
  const spec: Record<string, Spec> = { ...CORE };
  for (const [name, option] of optionFlags) {
    if (option.type === "boolean") {
      spec[name] = { type: "boolean" };
      spec[`no-${name}`] = { type: "boolean" };
    } else spec[name] = { type: "string" };
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
  const bool = (name: string, fallback: boolean) => (v[`no-${name}`] ? false : v[name] === undefined ? fallback : Boolean(v[name]));
  const answers: PartialAnswers = { options: {} };
  if (typeof v.template === "string") answers.template = v.template;
  if (parsed.positionals[0] !== undefined) answers.directory = parsed.positionals[0];
  for (const key of TEXT_FLAGS) if (typeof v[key] === "string") answers[key] = v[key] as string;
  if (typeof v.license === "string") answers.license = v.license;
  for (const [name, option] of optionFlags) {
    if (option.type === "boolean") {
      if (v[name] !== undefined || v[`no-${name}`] !== undefined) answers.options![name] = bool(name, option.default);
    } else if (v[name] !== undefined) answers.options![name] = v[name];
  }

  const venv = bool("venv", true);
  return {
    answers,
    settings: {
      yes: Boolean(v.yes),
      force: Boolean(v.force),
      dryRun: Boolean(v["dry-run"]),
      json: Boolean(v.json),
      verbose: Boolean(v.verbose),
      list: Boolean(v.list),
      help: Boolean(v.help),
      version: Boolean(v.version),
      git: bool("git", true),
      venv,
      install: venv && bool("install", true),
      ...(typeof v.python === "string" ? { python: v.python } : {}),
      ...(typeof v.answers === "string" ? { answersFile: v.answers } : {}),
    },
  };
}
