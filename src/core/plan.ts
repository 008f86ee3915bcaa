import path from "node:path";
import { TemplateError } from "../errors.js";
import { makeRecord, RECORD_FILE, serializeRecord } from "../domain/record.js";
import type { Answers } from "./answers.js";
import { type Manifest, matchesWhen, type SecretSpec } from "./manifest.js";
import type { ProjectNames } from "./names.js";
import { installByHand, isLocked } from "./installByHand.js";
import { LICENSE_FOLDER, SHARED_FOLDER, type TemplateSources } from "./registry.js";

export const ANSWERS_FILE = RECORD_FILE;

export type PlannedFile =
  | { path: string; kind: "render" | "copy"; source: string; executable: boolean; mode: number }
  | { path: string; kind: "write"; content: string; mode: number };

/** Files that hold secrets are readable by their owner only, like ssh keys. */
export function isPrivateFile(filePath: string): boolean {
  const name = filePath.split("/").at(-1)!;
  return (name === ".env" || name.startsWith(".env.")) && name !== ".env.example" ? true : /\.(pem|key)$/.test(name);
}

function fileMode(filePath: string, executable: boolean): number {
  if (executable) return 0o755;
  return isPrivateFile(filePath) ? 0o600 : 0o644;
}

export type StepId = "files" | "git" | "venv" | "install";

export interface PlannedStep {
  id: StepId;
  title: string;
}

export interface Settings {
  git: boolean;
  venv: boolean;
  install: boolean;
}

/** The values a `.hbs` file sees, minus secrets (made at execution: a plan is printable). */
export interface TemplateData {
  [key: string]: unknown;
  name: string;
  slug: string;
  packageName: string;
  description: string;
  author: string;
  email: string;
  /** SPDX id, or "none". */
  license: string;
  template: string;
  year: number;
  generatorVersion: string;
}

export interface Plan {
  template: string;
  target: string;
  /** How the user typed the directory, for the `cd` in the next steps. */
  directory: string;
  python: string;
  /** The platform the project is set up on: it decides venv paths and interpreter names. */
  platform: NodeJS.Platform;
  files: PlannedFile[];
  steps: PlannedStep[];
  data: TemplateData;
  /** The command that enters the project (`cd my-blog`): first of `next`, and of any recovery. */
  enter: string;
  secrets: Record<string, SecretSpec>;
  next: string[];
}

export interface PlanInput {
  manifest: Manifest;
  answers: Answers;
  names: ProjectNames;
  sources: TemplateSources;
  settings: Settings;
  generatorVersion: string;
  year: number;
  platform: NodeJS.Platform;
  /** The template sources' digest (engine/templateDigest), recorded for check and update. */
  templateDigest?: string;
}

// Only identifier-safe values may shape a path: free text never becomes a file name.
const PATH_KEYS = ["packageName", "slug"] as const;

/** Fills `{{packageName}}` and `{{slug}}` in a path or a command. */
export function fillNames(text: string, names: ProjectNames, where: string): string {
  return text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, key: string) => {
    if (!(PATH_KEYS as readonly string[]).includes(key)) {
      throw new TemplateError(`${where}: only ${PATH_KEYS.join(" and ")} may be filled in here, not "${key}"`);
    }
    return names[key as (typeof PATH_KEYS)[number]];
  });
}

function outputPath(relative: string, names: ProjectNames, where: string): { path: string; render: boolean } {
  const render = relative.endsWith(".hbs");
  const stripped = render ? relative.slice(0, -".hbs".length) : relative;
  const segments = stripped.split("/").map((segment) => {
    const replaced = fillNames(segment, names, where);
    // npm drops .gitignore files from published packages, so templates ship `gitignore`.
    return replaced === "gitignore" ? ".gitignore" : replaced;
  });
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("{{") || s.includes("\\"))) {
    throw new TemplateError(`${where}: "${stripped}" does not name a file inside the project`);
  }
  return { path: segments.join("/"), render };
}

/** Quotes a word for the shell the platform's users type into (cmd on Windows). */
export function quoteForShell(text: string, platform: NodeJS.Platform): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return platform === "win32" ? `"${text}"` : `'${text.replace(/'/g, `'\\''`)}'`;
}

function enterCommand(directory: string, platform: NodeJS.Platform): string {
  return `cd ${quoteForShell(directory, platform)}`;
}

function nextCommands(input: PlanInput, paths: string[]): string[] {
  const { answers, settings, manifest, platform } = input;
  const activate = platform === "win32" ? ".venv\\Scripts\\activate" : "source .venv/bin/activate";
  const steps = [enterCommand(answers.directory, platform)];
  if (!settings.venv) steps.push(platform === "win32" ? "py -3 -m venv .venv" : "python3 -m venv .venv");
  steps.push(activate);
  if (!settings.venv || !settings.install) steps.push(...installByHand("pip", isLocked("pip", paths)));
  const fromTemplate = manifest.next.filter((step) => matchesWhen(step.when, answers.options));
  steps.push(...fromTemplate.map((step) => fillNames(step.run, input.names, `templates/${manifest.id} next`)), "pytest");
  return steps;
}

/** Pure: the same input always gives the same plan, and nothing is read or written. */
export function planProject(input: PlanInput): Plan {
  const { manifest, answers, names, sources, settings } = input;
  const layers = [
    { from: `${SHARED_FOLDER}/files`, when: undefined },
    ...(answers.license === "none" ? [] : [{ from: `${LICENSE_FOLDER}/${answers.license}`, when: undefined }]),
    ...manifest.files,
  ];
  const files: PlannedFile[] = [];
  const origin = new Map<string, string>();

  for (const layer of layers) {
    if (!matchesWhen(layer.when, answers.options)) continue;
    const listing = sources[layer.from];
    if (!listing) throw new TemplateError(`templates/${manifest.id}: source "${layer.from}" was not read`);
    for (const file of listing) {
      const where = `templates/${layer.from.startsWith(SHARED_FOLDER) ? "" : `${manifest.id}/`}${layer.from}/${file.relative}`;
      const out = outputPath(file.relative, names, where);
      const previous = origin.get(out.path);
      if (previous) throw new TemplateError(`${out.path} is written by both ${previous} and ${where}`);
      origin.set(out.path, where);
      files.push({
        path: out.path,
        kind: out.render ? "render" : "copy",
        source: file.absolute,
        executable: file.executable,
        mode: fileMode(out.path, file.executable),
      });
    }
  }
  if (origin.has(ANSWERS_FILE)) throw new TemplateError(`${origin.get(ANSWERS_FILE)}: ${ANSWERS_FILE} is written by the engine`);
  files.push({
    path: ANSWERS_FILE,
    kind: "write",
    content: serializeRecord(makeRecord(answers, names, input.generatorVersion, input.year, input.templateDigest)),
    mode: 0o644,
  });
  files.sort((a, b) => a.path.localeCompare(b.path));

  for (const file of files) {
    const resolved = path.resolve(names.target, file.path);
    if (!resolved.startsWith(names.target + path.sep)) {
      throw new TemplateError(`${file.path} would be written outside the project folder`);
    }
  }

  const steps: PlannedStep[] = [{ id: "files", title: `Write ${files.length} files` }];
  if (settings.git) steps.push({ id: "git", title: "Initialise git and commit" });
  if (settings.venv) steps.push({ id: "venv", title: "Create the virtual environment (.venv)" });
  if (settings.venv && settings.install) steps.push({ id: "install", title: 'Install the project with its dev tools' });

  return {
    template: manifest.id,
    target: names.target,
    directory: answers.directory,
    python: manifest.python,
    platform: input.platform,
    files,
    steps,
    data: {
      ...answers.options,
      name: names.name,
      slug: names.slug,
      packageName: names.packageName,
      description: answers.description,
      author: answers.author,
      email: answers.email,
      license: answers.license,
      template: manifest.id,
      year: input.year,
      generatorVersion: input.generatorVersion,
    },
    secrets: manifest.secrets,
    enter: enterCommand(answers.directory, input.platform),
    next: nextCommands(input, files.map((f) => f.path)),
  };
}
