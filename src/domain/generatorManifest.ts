// Why this exists: `add <generator>` (issue 17) lets a template declare in-project generators, in the
// spirit of plop's actions, as data in `templates/<id>/generators/<name>/generator.json`: prompts,
// files to add, and edits to existing files. This module validates that file and turns it, the
// answers and the project's current files into a pure list of file operations; the caller renders,
// shows (--dry-run) or writes them.

import { AppError, TemplateError, UserError } from "../errors.js";

export interface GeneratorPrompt {
  readonly name: string;
  readonly type: "string" | "boolean" | "select";
  readonly message: string;
  readonly default?: string | boolean;
  /** For strings: the whole answer must match this regular expression. */
  readonly pattern?: string;
  /** For selects: the accepted values. */
  readonly choices?: readonly string[];
}

export interface GeneratorFile {
  /** Path of the source inside the generator folder (rendered by the caller when it ends in .hbs). */
  readonly source: string;
  /** Target path in the project; may use the answers (`{{snake Name}}`), filled by the caller. */
  readonly to: string;
  /** Leave an existing file alone instead of failing. */
  readonly skipIfExists: boolean;
}

export type GeneratorEdit =
  | {
      readonly type: "append";
      readonly file: string;
      /** A text that marks where to insert, e.g. `# create-backend-project: routes`; it stays in the file. */
      readonly anchor: string;
      readonly position: "before" | "after";
      readonly text: string;
      /** Skip when the text is already in the file, so running a generator twice adds it once. */
      readonly unique: boolean;
    }
  | {
      readonly type: "modify";
      readonly file: string;
      readonly pattern: string;
      readonly replace: string;
    };

export interface GeneratorManifest {
  readonly name: string;
  readonly description: string;
  readonly prompts: readonly GeneratorPrompt[];
  readonly files: readonly GeneratorFile[];
  readonly edits: readonly GeneratorEdit[];
}

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);

const NAME = /^[a-z][a-z0-9-]*$/;
const PROMPT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function parseGeneratorManifest(raw: unknown, where: string): GeneratorManifest {
  const fail = (message: string): never => {
    throw new TemplateError(`${where}: ${message}`);
  };
  if (!isObject(raw)) return fail("must be a JSON object");
  const name = raw.name;
  if (typeof name !== "string" || !NAME.test(name)) return fail(`"name" must be lower-case words joined by "-"`);
  if (typeof raw.description !== "string" || raw.description === "") return fail(`"description" must be a non-empty string`);
  const prompts = list(raw.prompts, "prompts", fail).map((item, i) => readPrompt(item, `prompts[${i}]`, fail));
  const seen = new Set<string>();
  for (const prompt of prompts) {
    if (seen.has(prompt.name)) fail(`prompt "${prompt.name}" is declared twice`);
    seen.add(prompt.name);
  }
  const files = list(raw.files, "files", fail).map((item, i) => readFile(item, `files[${i}]`, fail));
  const edits = list(raw.edits, "edits", fail).map((item, i) => readEdit(item, `edits[${i}]`, fail));
  if (files.length === 0 && edits.length === 0) fail(`declares no "files" and no "edits": it would do nothing`);
  return { name, description: raw.description, prompts, files, edits };
}

function list(value: unknown, key: string, fail: (message: string) => never): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(`"${key}" must be a list`);
  return value;
}

function readPrompt(raw: unknown, at: string, fail: (message: string) => never): GeneratorPrompt {
  if (!isObject(raw)) return fail(`${at} must be an object`);
  const { name, type, message } = raw;
  if (typeof name !== "string" || !PROMPT_NAME.test(name)) return fail(`${at}.name must be an identifier`);
  if (type !== "string" && type !== "boolean" && type !== "select") return fail(`${at}.type must be "string", "boolean" or "select"`);
  if (typeof message !== "string" || message === "") return fail(`${at}.message must be a non-empty string`);
  const prompt: { -readonly [K in keyof GeneratorPrompt]: GeneratorPrompt[K] } = { name, type, message };
  if (raw.pattern !== undefined) {
    if (type !== "string" || typeof raw.pattern !== "string") return fail(`${at}.pattern is only for string prompts, as a string`);
    compile(raw.pattern, `${at}.pattern`, fail);
    prompt.pattern = raw.pattern;
  }
  if (type === "select") {
    const choices = raw.choices;
    if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === "string")) {
      return fail(`${at}.choices must be a non-empty list of strings`);
    }
    prompt.choices = choices as string[];
  } else if (raw.choices !== undefined) {
    return fail(`${at}.choices is only for select prompts`);
  }
  if (raw.default !== undefined) {
    const expected = type === "boolean" ? "boolean" : "string";
    if (typeof raw.default !== expected) return fail(`${at}.default must be a ${expected}`);
    prompt.default = raw.default as string | boolean;
    const problem = answerProblem(prompt, prompt.default);
    if (problem) return fail(`${at}.default ${problem}`);
  }
  return prompt;
}

function readFile(raw: unknown, at: string, fail: (message: string) => never): GeneratorFile {
  if (!isObject(raw)) return fail(`${at} must be an object`);
  const { source, to } = raw;
  if (typeof source !== "string" || !isRelative(source)) return fail(`${at}.source must be a relative path inside the generator`);
  if (typeof to !== "string" || !isRelative(to)) return fail(`${at}.to must be a relative path inside the project`);
  if (raw.skipIfExists !== undefined && typeof raw.skipIfExists !== "boolean") return fail(`${at}.skipIfExists must be true or false`);
  return { source, to, skipIfExists: raw.skipIfExists === true };
}

function readEdit(raw: unknown, at: string, fail: (message: string) => never): GeneratorEdit {
  if (!isObject(raw)) return fail(`${at} must be an object`);
  const { type, file } = raw;
  if (typeof file !== "string" || !isRelative(file)) return fail(`${at}.file must be a relative path inside the project`);
  if (type === "append") {
    const { anchor, text } = raw;
    if (typeof anchor !== "string" || anchor === "") return fail(`${at}.anchor must be a non-empty string`);
    if (typeof text !== "string") return fail(`${at}.text must be a string`);
    const position = raw.position ?? "before";
    if (position !== "before" && position !== "after") return fail(`${at}.position must be "before" or "after"`);
    if (raw.unique !== undefined && typeof raw.unique !== "boolean") return fail(`${at}.unique must be true or false`);
    return { type, file, anchor, text, position, unique: raw.unique !== false };
  }
  if (type === "modify") {
    const { pattern, replace } = raw;
    if (typeof pattern !== "string" || pattern === "") return fail(`${at}.pattern must be a non-empty string`);
    compile(pattern, `${at}.pattern`, fail);
    if (typeof replace !== "string") return fail(`${at}.replace must be a string`);
    return { type, file, pattern, replace };
  }
  return fail(`${at}.type must be "append" or "modify"`);
}

function compile(pattern: string, at: string, fail: (message: string) => never): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return fail(`${at} is not a valid regular expression`);
  }
}

/** POSIX-relative and inside its root: no absolute paths, no `..`, no backslashes. */
function isRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.includes("\\") && path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

function answerProblem(prompt: GeneratorPrompt, value: string | boolean): string | undefined {
  if (prompt.type === "boolean") return typeof value === "boolean" ? undefined : "must be true or false";
  if (typeof value !== "string") return "must be a string";
  if (prompt.type === "select" && !prompt.choices?.includes(value)) return `must be one of ${prompt.choices?.join(", ")}`;
  if (prompt.pattern && !new RegExp(`^(?:${prompt.pattern})$`).test(value)) return `must match ${prompt.pattern}`;
  return undefined;
}

export type GeneratorAnswers = Readonly<Record<string, string | boolean>>;

/** Fills in defaults and checks every answer; a missing answer without a default is a usage error. */
export function resolveGeneratorAnswers(manifest: GeneratorManifest, given: GeneratorAnswers): Record<string, string | boolean> {
  const known = new Set(manifest.prompts.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new UserError(`generator "${manifest.name}" has no option "${key}"`);
  }
  const answers: Record<string, string | boolean> = {};
  for (const prompt of manifest.prompts) {
    const value = given[prompt.name] ?? prompt.default;
    if (value === undefined) throw new UserError(`generator "${manifest.name}" needs "${prompt.name}" (${prompt.message})`);
    const problem = answerProblem(prompt, value);
    if (problem) throw new UserError(`"${prompt.name}" ${problem}`);
    answers[prompt.name] = value;
  }
  return answers;
}

export type GeneratorOp =
  | { readonly kind: "add"; readonly path: string; readonly contents: string }
  | { readonly kind: "skip"; readonly path: string; readonly reason: "exists" | "already-applied" }
  | { readonly kind: "edit"; readonly path: string; readonly before: string; readonly after: string };

export interface GeneratorPlanInput {
  readonly manifest: GeneratorManifest;
  readonly answers: GeneratorAnswers;
  /** The project's text files that the generator may read or edit: path → contents. */
  readonly project: ReadonlyMap<string, string>;
  /** Each `files[].source`, already rendered with the answers by the caller. */
  readonly sources: ReadonlyMap<string, string>;
  /** Fills answers into a path or edit text (the caller's template renderer). */
  readonly fill: (text: string) => string;
}

/**
 * The operations a generator makes, in manifest order: files first, then edits, each edit seeing the
 * result of the ones before it. A file that exists is an error unless `skipIfExists`, so nothing the
 * user wrote is overwritten; a missing anchor or pattern is an error naming the file.
 */
export function planGenerator(input: GeneratorPlanInput): GeneratorOp[] {
  const { manifest, fill } = input;
  const ops: GeneratorOp[] = [];
  const current = new Map(input.project);
  for (const file of manifest.files) {
    const path = fill(file.to);
    if (!isRelative(path)) throw new UserError(`generator "${manifest.name}": "${path}" is not a path inside the project`);
    if (current.has(path)) {
      if (file.skipIfExists) {
        ops.push({ kind: "skip", path, reason: "exists" });
        continue;
      }
      throw new UserError(`generator "${manifest.name}" would overwrite ${path}`, "Rename or remove it, or choose another name.");
    }
    const contents = input.sources.get(file.source);
    if (contents === undefined) throw new TemplateError(`generator "${manifest.name}": source ${file.source} was not provided`);
    current.set(path, contents);
    ops.push({ kind: "add", path, contents });
  }
  const edited = new Map<string, string>();
  for (const edit of manifest.edits) {
    const path = fill(edit.file);
    const before = current.get(path);
    if (before === undefined) throw new UserError(`generator "${manifest.name}" edits ${path}, which the project does not have`);
    const after = applyEdit(manifest.name, path, before, edit, fill);
    if (after === undefined) {
      ops.push({ kind: "skip", path, reason: "already-applied" });
      continue;
    }
    if (!edited.has(path)) edited.set(path, before);
    current.set(path, after);
  }
  // One edit op per file, from its original contents to its final ones, so a dry-run diff reads whole.
  for (const [path, before] of edited) {
    const after = current.get(path) as string;
    const added = ops.findIndex((op) => op.kind === "add" && op.path === path);
    if (added >= 0) ops[added] = { kind: "add", path, contents: after };
    else ops.push({ kind: "edit", path, before, after });
  }
  return ops;
}

function applyEdit(generator: string, path: string, contents: string, edit: GeneratorEdit, fill: (text: string) => string): string | undefined {
  if (edit.type === "modify") {
    const pattern = new RegExp(edit.pattern, "m");
    if (!pattern.test(contents)) {
      throw new GeneratorEditError(`generator "${generator}": ${path} has no match for /${edit.pattern}/`);
    }
    return contents.replace(pattern, fill(edit.replace));
  }
  const lines = contents.split(/(?<=\n)/);
  const at = lines.findIndex((line) => line.includes(edit.anchor));
  if (at < 0) {
    throw new GeneratorEditError(
      `generator "${generator}": ${path} has no anchor "${edit.anchor}"`,
      `Put a line containing "${edit.anchor}" where the generator should insert, then run it again.`,
    );
  }
  const text = fill(edit.text);
  if (edit.unique && contents.includes(text)) return undefined;
  const eol = contents.includes("\r\n") ? "\r\n" : "\n";
  const block = text.endsWith("\n") ? text : `${text}${eol}`;
  const anchorLine = lines[at] as string;
  const anchor = edit.position === "after" && !anchorLine.endsWith("\n") ? `${anchorLine}${eol}` : anchorLine;
  lines[at] = edit.position === "before" ? `${block}${anchor}` : `${anchor}${block}`;
  return lines.join("");
}

/** The project no longer has what an edit needs (an anchor, a pattern): the user can restore it. */
export class GeneratorEditError extends AppError {
  override readonly name = "GeneratorEditError";
  constructor(message: string, hint?: string) {
    super("usage", message, hint);
  }
}
