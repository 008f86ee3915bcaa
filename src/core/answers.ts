import { AnswerError, InternalError, UserError } from "../errors.js";
import { recordSchemaVersion } from "../domain/record.js";
import { PACKAGE_NAME } from "../packageName.js";
import type { Manifest, OptionValue, TemplateOption } from "./manifest.js";

/** Everything a generation depends on, whichever way it was given. */
export interface Answers {
  template: string;
  directory: string;
  /** Display name; derived from the directory when empty. */
  name: string;
  description: string;
  author: string;
  email: string;
  /** SPDX id of the project's licence, or "none". */
  license: License;
  options: Record<string, OptionValue>;
}

/** One layer of answers (flags, an answers file, prompts). Values are unchecked. */
export interface PartialAnswers {
  template?: string;
  directory?: string;
  name?: string;
  description?: string;
  author?: string;
  email?: string;
  license?: string;
  options?: Record<string, unknown>;
}

/** The licences a project can get: each is a folder of templates/_shared/license/. */
export const LICENSES = ["MIT", "Apache-2.0", "none"] as const;
export type License = (typeof LICENSES)[number];
export const DEFAULT_LICENSE: License = "MIT";

function checkLicense(value: unknown): License {
  // SPDX ids are case-insensitive; the file says them the canonical way.
  const found = typeof value === "string" ? LICENSES.find((l) => l.toLowerCase() === value.trim().toLowerCase()) : undefined;
  if (!found) throw new AnswerError("license", `must be one of: ${LICENSES.join(", ")} (got ${JSON.stringify(value)}).`);
  return found;
}

export const TEXT_KEYS = ["name", "description", "author", "email"] as const;
type TextKey = (typeof TEXT_KEYS)[number];

const TEXT_LIMITS: Record<TextKey, number> = { name: 100, description: 500, author: 200, email: 254 };

function describeAllowed(option: TemplateOption): string {
  return option.type === "boolean" ? "true or false" : option.choices.map((c) => c.value).join(", ");
}

/** Takes the first layer that sets a key: callers pass layers highest precedence first. */
export function mergeLayers(layers: PartialAnswers[]): PartialAnswers {
  const merged: PartialAnswers = {};
  // No prototype: an answers file's "__proto__" key stays an ordinary key, which the
  // unknown-option check then names, instead of replacing the object's prototype.
  const options: Record<string, unknown> = Object.create(null);
  for (const layer of [...layers].reverse()) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (key === "options") for (const [name, option] of Object.entries(value as object)) options[name] = option;
      else (merged as Record<string, unknown>)[key] = value;
    }
  }
  merged.options = options;
  return merged;
}

function checkText(key: TextKey, value: unknown): string {
  if (typeof value !== "string") throw new AnswerError(key, `must be text, not ${JSON.stringify(value)}.`);
  if (value.length > TEXT_LIMITS[key]) {
    throw new AnswerError(key, `is ${value.length} characters long; the limit is ${TEXT_LIMITS[key]}.`);
  }
  // Descriptions may span lines (each file format escapes them); a name, an author
  // or an email land in headings and headers, where a line break would be a bug.
  const control = key === "description" ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  if (control.test(value)) throw new AnswerError(key, "contains a line break or control character.");
  // Text that displays differently from what it is (reversed, or with hidden characters)
  // is a spoofing tool; a description may still join emoji (U+200D).
  const hidden = key === "description" ? BIDI_CONTROLS : INVISIBLE;
  if (hidden.test(value)) {
    throw new AnswerError(key, `contains an invisible or text-direction control character (U+${hex(value.match(hidden)![0])}).`);
  }
  if (key === "email" && value !== "") checkEmail(value);
  return value.trim();
}

/** Right-to-left/left-to-right overrides, embeddings and isolates. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** BIDI_CONTROLS plus the zero-width and direction marks that hide inside a name. */
export const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060-\u2064\ufeff\u061c\u00ad\u180e]/;
const hex = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");

// The addr-spec most tools accept (the HTML form rule), with no dot at either end of
// the local part and none doubled: packaging tools (hatchling) fail the whole
// install on anything else, long after the files are written.
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function checkEmail(value: string): void {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split(".");
  const valid = at > 0 && local.length <= 64 && EMAIL_LOCAL.test(local) && labels.length >= 2 && labels.every((l) => EMAIL_LABEL.test(l));
  if (!valid) {
    throw new AnswerError("email", `${JSON.stringify(value)} is not an email address.`, "Give the bare address, e.g. jane@example.com (no name, no <>).");
  }
}

function checkOption(option: TemplateOption, value: unknown): OptionValue {
  if (option.type === "boolean") {
    if (typeof value === "boolean") return value;
    throw new AnswerError(`options.${option.name}`, `must be true or false, not ${JSON.stringify(value)}.`);
  }
  if (typeof value === "string" && option.choices.some((c) => c.value === value)) return value;
  throw new AnswerError(`options.${option.name}`, `must be one of: ${describeAllowed(option)} (got ${JSON.stringify(value)}).`);
}

/**
 * The one validation every path goes through: flags, answers files and prompts
 * all end here. Missing values take the manifest's defaults (the caller has
 * already prompted for, or refused, anything that must not default).
 */
export function resolveAnswers(manifest: Manifest, merged: PartialAnswers): Answers {
  if (merged.template !== undefined && merged.template !== manifest.id) {
    throw new InternalError(`answers are for "${merged.template}", not "${manifest.id}".`);
  }
  if (typeof merged.directory !== "string" || merged.directory.trim() === "") {
    throw new AnswerError("directory", "was not given.", `Pass it as the first argument, e.g. ${PACKAGE_NAME} my-blog.`);
  }
  const given = merged.options ?? {};
  for (const key of Object.keys(given)) {
    if (!manifest.options.some((o) => o.name === key)) {
      const known = manifest.options.map((o) => o.name).join(", ") || "none";
      throw new AnswerError(`options.${key}`, `is not an option of ${manifest.id}.`, `Its options are: ${known}.`);
    }
  }
  const options: Record<string, OptionValue> = {};
  for (const option of manifest.options) {
    options[option.name] = given[option.name] === undefined ? option.default : checkOption(option, given[option.name]);
  }
  const author = checkText("author", merged.author ?? "");
  const email = checkText("email", merged.email ?? "");
  // pyproject.toml lists an email with its author's name; alone it would be dropped.
  if (email !== "" && author === "") {
    throw new AnswerError("email", "was given without an author.", "Give the author's name too: pyproject.toml lists them together.");
  }
  return {
    template: manifest.id,
    directory: merged.directory,
    name: checkText("name", merged.name ?? ""),
    description: checkText("description", merged.description ?? manifest.summary),
    author,
    email,
    license: checkLicense(merged.license ?? DEFAULT_LICENSE),
    options,
  };
}

// A project's record (domain/record.ts) is an answers file too; its names and digest describe
// the project it was written into, not the one being created.
const FILE_KEYS = new Set(["schemaVersion", "generator", "version", "template", "templateDigest", "names", "year", "answers"]);
const ANSWER_KEYS = new Set([...TEXT_KEYS, "license", "options"]);

/** Parses an answers file (`source` names it in errors): the record a previous run wrote, or the same shape by hand. */
export function parseAnswersFile(text: string, source: string): PartialAnswers {
  let raw: unknown;
  try {
    // Windows editors (Notepad) save UTF-8 with a byte-order mark, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(raw)) throw new UserError(`${source} must hold a JSON object.`);
  const unknownTop = Object.keys(raw).filter((k) => !FILE_KEYS.has(k));
  if (unknownTop.length) {
    throw new UserError(`${source} has unknown keys: ${unknownTop.join(", ")}.`, `Allowed: ${[...FILE_KEYS].join(", ")}.`);
  }
  recordSchemaVersion(raw, source);
  const out: PartialAnswers = {};
  if (raw.template !== undefined) {
    if (typeof raw.template !== "string") throw new UserError(`${source}: "template" must be a string.`);
    out.template = raw.template;
  }
  const answers = raw.answers ?? {};
  if (!isObject(answers)) throw new UserError(`${source}: "answers" must be an object.`);
  const unknown = Object.keys(answers).filter((k) => !ANSWER_KEYS.has(k));
  if (unknown.length) {
    throw new UserError(`${source}: unknown answers ${unknown.join(", ")}.`, `Allowed: ${[...ANSWER_KEYS].join(", ")}.`);
  }
  for (const key of TEXT_KEYS) {
    const value = answers[key];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new UserError(`${source}: "${key}" must be a string.`);
    out[key] = value;
  }
  if (answers.license !== undefined) {
    if (typeof answers.license !== "string") throw new UserError(`${source}: "license" must be a string.`);
    out.license = answers.license;
  }
  if (answers.options !== undefined) {
    if (!isObject(answers.options)) throw new UserError(`${source}: "options" must be an object.`);
    out.options = answers.options;
  }
  return out;
}
