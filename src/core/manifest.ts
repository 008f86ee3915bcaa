import { TemplateError } from "../errors.js";

export type OptionValue = string | boolean;

export interface Choice {
  value: string;
  title: string;
}

export interface SelectOption {
  name: string;
  type: "select";
  message: string;
  choices: Choice[];
  default: string;
}

export interface BooleanOption {
  name: string;
  type: "boolean";
  message: string;
  default: boolean;
}

export type TemplateOption = SelectOption | BooleanOption;

/** Every key must equal the answer; a list matches any of its items. */
export type When = Record<string, OptionValue | OptionValue[]>;

export interface FileSource {
  from: string;
  when?: When;
}

export type SecretSpec = { type: "token" } | { type: "rsa" };

/** A line of the summary's next steps, shown when its `when` matches the answers. */
export interface NextStep {
  run: string;
  when?: When;
}

export interface Manifest {
  id: string;
  title: string;
  summary: string;
  stack: string[];
  skills: string[];
  python: string;
  order: number;
  reserved: string[];
  options: TemplateOption[];
  files: FileSource[];
  secrets: Record<string, SecretSpec>;
  next: NextStep[];
  /** How update treats a generated path (a glob): see domain/filePolicy.ts. */
  policies: Record<string, UpdatePolicy>;
}

export const UPDATE_POLICIES = ["merge", "skip-if-exists", "never-touch", "regenerate"] as const;
export type UpdatePolicy = (typeof UPDATE_POLICIES)[number];

/**
 * Keys the engine itself puts in the answers or the template data; options may not
 * shadow them. (Names the CLI's own flags take are checked where flags are declared.)
 */
export const RESERVED_OPTION_NAMES = new Set([
  "template", "directory", "name", "slug", "packageName", "description", "author", "email", "license",
  "secrets", "year", "generatorVersion",
]);

/** A `from` with this prefix names a layer under templates/_shared/, shared by several templates. */
export const SHARED_PREFIX = "_shared/";

const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PYTHON_VERSION = /^3\.\d+$/;

type Raw = Record<string, unknown>;

class Reader {
  constructor(
    private readonly where: string,
    private readonly raw: Raw,
  ) {}

  fail(message: string): never {
    throw new TemplateError(`${this.where}: ${message}`);
  }

  string(key: string, fallback?: string): string {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== "string" || value.trim() === "") this.fail(`"${key}" must be a non-empty string`);
    return value;
  }

  strings(key: string, fallback?: string[]): string[] {
    const value = this.raw[key] ?? fallback;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      this.fail(`"${key}" must be a list of strings`);
    }
    return value;
  }

  number(key: string, fallback: number): number {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(`"${key}" must be a number`);
    return value;
  }

  list(key: string, fallback?: unknown[]): Raw[] {
    const value = this.raw[key] ?? fallback;
    if (!Array.isArray(value) || !value.every(isObject)) this.fail(`"${key}" must be a list of objects`);
    return value;
  }

  object(key: string, fallback?: Raw): Raw {
    const value = this.raw[key] ?? fallback;
    if (!isObject(value)) this.fail(`"${key}" must be an object`);
    return value;
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readOption(where: string, raw: Raw): TemplateOption {
  const r: Reader = new Reader(where, raw);
  const name = r.string("name");
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) r.fail(`option name "${name}" must be a lowercase identifier`);
  if (RESERVED_OPTION_NAMES.has(name)) r.fail(`option name "${name}" is reserved by the engine`);
  const message = r.string("message");
  if (raw.type === "boolean") {
    if (typeof raw.default !== "boolean") r.fail(`boolean option "${name}" needs a boolean default`);
    return { name, type: "boolean", message, default: raw.default };
  }
  if (raw.type !== "select") r.fail(`option "${name}" has type ${JSON.stringify(raw.type)}; use "select" or "boolean"`);
  const choices = r.list("choices").map((choice, index) => {
    const c: Reader = new Reader(`${where}.choices[${index}]`, choice);
    const value = c.string("value");
    if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) c.fail(`choice "${value}" must be lowercase letters, digits and dashes`);
    return { value, title: c.string("title", value) };
  });
  if (choices.length < 2) r.fail(`select option "${name}" needs at least two choices`);
  const fallback = r.string("default");
  if (!choices.some((c) => c.value === fallback)) r.fail(`default "${fallback}" of "${name}" is not one of its choices`);
  return { name, type: "select", message, choices, default: fallback };
}

function readWhen(where: string, raw: unknown, options: TemplateOption[]): When | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw new TemplateError(`${where}: "when" must be an object`);
  for (const [key, expected] of Object.entries(raw)) {
    const option = options.find((o) => o.name === key);
    if (!option) throw new TemplateError(`${where}: "when" names "${key}", which is not an option`);
    for (const value of (Array.isArray(expected) ? expected : [expected]) as unknown[]) {
      const valid =
        option.type === "boolean"
          ? typeof value === "boolean"
          : option.choices.some((c) => c.value === value);
      if (!valid) throw new TemplateError(`${where}: "when" gives ${JSON.stringify(value)} for "${key}", which it can never be`);
    }
  }
  return raw as When;
}

/** `next` entries are commands, or `{ "run": …, "when": … }` for those that depend on an option. */
function readNext(where: string, raw: unknown, options: TemplateOption[]): NextStep[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new TemplateError(`${where}: "next" must be a list`);
  return raw.map((entry: unknown, i) => {
    if (typeof entry === "string" && entry.trim() !== "") return { run: entry };
    if (isObject(entry) && typeof entry.run === "string" && entry.run.trim() !== "") {
      const when = readWhen(`${where} next[${i}]`, entry.when, options);
      return when ? { run: entry.run, when } : { run: entry.run };
    }
    throw new TemplateError(`${where}: next[${i}] must be a command, or { "run": command, "when": {…} }`);
  });
}

/** Validates a parsed template.json; `id` is the folder it was found in. */
export function parseManifest(raw: unknown, id: string): Manifest {
  const where = `templates/${id}/template.json`;
  if (!isObject(raw)) throw new TemplateError(`${where}: must be a JSON object`);
  const r: Reader = new Reader(where, raw);
  if (r.string("id") !== id) r.fail(`"id" must equal its folder name "${id}"`);
  if (!ID_PATTERN.test(id)) r.fail(`id "${id}" must be lowercase-kebab`);
  const python = r.string("python", "3.11");
  if (!PYTHON_VERSION.test(python)) r.fail(`"python" must look like "3.11"`);

  const options = r.list("options", []).map((o, i) => readOption(`${where} options[${i}]`, o));
  const names = options.map((o) => o.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) r.fail(`option "${twice}" is declared twice`);

  const files = r.list("files").map((f, i) => {
    const fr: Reader = new Reader(`${where} files[${i}]`, f);
    const from = fr.string("from");
    if (from.startsWith("/") || from.split("/").includes("..") || from.includes("\\")) {
      fr.fail(`"from" must stay inside the template folder`);
    }
    // A shared layer (templates/_shared/<layer>) is named by its folder; the two the
    // engine lays in itself (files, license) cannot be named a second time.
    if (from.startsWith(`${SHARED_PREFIX}`)) {
      const layer = from.slice(SHARED_PREFIX.length);
      if (layer === "files" || layer === "license" || layer.startsWith("license/")) {
        fr.fail(`"${from}" is laid in by the engine itself; name a layer of your own`);
      }
      if (!/^[a-z][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)*$/.test(layer)) fr.fail(`shared layer "${from}" must be _shared/<lowercase-kebab name>`);
    }
    return { from, when: readWhen(`${where} files[${i}]`, f.when, options) };
  });

  const secrets: Record<string, SecretSpec> = {};
  for (const [name, spec] of Object.entries(r.object("secrets", {}))) {
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) r.fail(`secret name "${name}" must be an identifier`);
    const type = isObject(spec) ? spec.type : undefined;
    if (type !== "token" && type !== "rsa") r.fail(`secret "${name}" must have type "token" or "rsa"`);
    secrets[name] = { type };
  }

  const policies: Record<string, UpdatePolicy> = {};
  for (const [glob, policy] of Object.entries(r.object("policies", {}))) {
    if (!(UPDATE_POLICIES as readonly unknown[]).includes(policy)) {
      r.fail(`policy of "${glob}" must be one of: ${UPDATE_POLICIES.join(", ")}`);
    }
    if (glob === "" || glob.startsWith("/") || glob.split("/").includes("..")) r.fail(`policy path "${glob}" must stay inside the project`);
    policies[glob] = policy as UpdatePolicy;
  }

  return {
    id,
    policies,
    title: r.string("title"),
    summary: r.string("summary"),
    stack: r.strings("stack"),
    skills: r.strings("skills"),
    python,
    order: r.number("order", 100),
    reserved: r.strings("reserved", []),
    options,
    files,
    secrets,
    next: readNext(where, raw.next, options),
  };
}

export function matchesWhen(when: When | undefined, options: Record<string, OptionValue>): boolean {
  if (!when) return true;
  return Object.entries(when).every(([key, expected]) =>
    Array.isArray(expected) ? expected.includes(options[key] as OptionValue) : options[key] === expected,
  );
}
