// Why this exists: `.create-backend-project.json` is the project's memory. update, check and add
// read it to know which template, which version of it and which answers made the project, and
// under which names (a renamed folder must not rename the Python package). It is versioned so
// that a record written by a newer CLI is refused with a clear message instead of misread.
import type { Answers } from "../core/answers.js";
import type { ProjectNames } from "../core/names.js";
import { UserError } from "../errors.js";
import { PACKAGE_NAME } from "../packageName.js";

export const RECORD_FILE = ".create-backend-project.json";
/** 1: the unversioned record of the first releases (generator, version, template, answers). */
export const RECORD_SCHEMA_VERSION = 2;

export type RecordedNames = Pick<ProjectNames, "name" | "slug" | "packageName">;

/** What a project records about its generation: never a secret. */
export interface ProjectRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  generator: typeof PACKAGE_NAME;
  /** The CLI version whose templates rendered the project (or last updated it). */
  version: string;
  template: string;
  /** sha256 of the template's sources at that version; equal digests render equal projects. */
  templateDigest?: string;
  names: RecordedNames;
  /** The year the licence was dated with, so a later render does not re-date it. */
  year: number;
  answers: Omit<Answers, "template" | "directory">;
}

export function makeRecord(answers: Answers, names: RecordedNames, version: string, year: number, templateDigest?: string): ProjectRecord {
  const { template, directory: _directory, ...rest } = answers;
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    generator: PACKAGE_NAME,
    version,
    template,
    ...(templateDigest ? { templateDigest } : {}),
    names: { name: names.name, slug: names.slug, packageName: names.packageName },
    year,
    answers: rest,
  };
}

export function serializeRecord(record: ProjectRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** A record as read back: today's, or an older one upgraded in memory (names then come from the folder). */
export interface LoadedRecord {
  /** The schema version the file was written with. */
  schemaVersion: number;
  version: string;
  template: string;
  templateDigest?: string;
  names?: RecordedNames;
  year?: number;
  /** Unchecked: the template's manifest validates them (resolveAnswers). */
  answers: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The schema version of a parsed record, refusing one newer than this CLI knows: reading it
 * with older rules could drop what the newer CLI recorded, and an update would then lose it.
 */
export function recordSchemaVersion(raw: Record<string, unknown>, source: string): number {
  const version = raw.schemaVersion ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new UserError(`${source}: "schemaVersion" must be a positive whole number.`);
  }
  if (version > RECORD_SCHEMA_VERSION) {
    throw new UserError(
      `${source} was written by a newer ${PACKAGE_NAME} (record schema ${version}; this one reads up to ${RECORD_SCHEMA_VERSION}).`,
      `Upgrade the CLI: npx ${PACKAGE_NAME}@latest …`,
    );
  }
  return version;
}

function readNames(raw: unknown, source: string): RecordedNames {
  if (!isObject(raw)) throw new UserError(`${source}: "names" must be an object.`);
  const out: Partial<RecordedNames> = {};
  for (const key of ["name", "slug", "packageName"] as const) {
    const value = raw[key];
    if (typeof value !== "string" || value === "") throw new UserError(`${source}: "names.${key}" must be a non-empty string.`);
    out[key] = value;
  }
  if (!/^[a-z][a-z0-9_]*$/.test(out.packageName!) || out.slug !== out.packageName!.replace(/_/g, "-")) {
    throw new UserError(`${source}: "names" does not hold a Python package name and its slug.`);
  }
  return out as RecordedNames;
}

/** Parses the record a project holds; `source` names it in errors. */
export function parseRecord(text: string, source: string): LoadedRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new UserError(`${source} must hold a JSON object.`);
  const schemaVersion = recordSchemaVersion(raw, source);
  if (raw.generator !== PACKAGE_NAME) throw new UserError(`${source} was not written by ${PACKAGE_NAME}.`);
  if (typeof raw.template !== "string" || raw.template === "") throw new UserError(`${source}: "template" must be a string.`);
  if (typeof raw.version !== "string" || raw.version === "") throw new UserError(`${source}: "version" must be a string.`);
  if (!isObject(raw.answers)) throw new UserError(`${source}: "answers" must be an object.`);
  const record: LoadedRecord = { schemaVersion, version: raw.version, template: raw.template, answers: raw.answers };
  if (schemaVersion >= 2) {
    record.names = readNames(raw.names, source);
    if (typeof raw.year !== "number" || !Number.isInteger(raw.year)) throw new UserError(`${source}: "year" must be a whole number.`);
    record.year = raw.year;
    if (raw.templateDigest !== undefined) {
      if (typeof raw.templateDigest !== "string") throw new UserError(`${source}: "templateDigest" must be a string.`);
      record.templateDigest = raw.templateDigest;
    }
  }
  return record;
}
