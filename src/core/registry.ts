import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { TemplateError, UserError } from "../errors.js";
import { packageRoot } from "../packageRoot.js";
import { type Manifest, parseManifest, SHARED_PREFIX } from "./manifest.js";

/** The templates shipped inside the package: generation never needs the network. */
export const BUILTIN_TEMPLATES_DIR = path.join(packageRoot(), "templates");

export const SHARED_FOLDER = "_shared";
/** One folder per licence id under the shared layer, laid in by the answer, not copied per template. */
export const LICENSE_FOLDER = `${SHARED_FOLDER}/license`;

export interface Registry {
  templatesDir: string;
  templates: Manifest[];
}

export interface SourceFile {
  /** Path relative to its source folder, with forward slashes. */
  relative: string;
  absolute: string;
  executable: boolean;
}

export async function loadRegistry(templatesDir = BUILTIN_TEMPLATES_DIR): Promise<Registry> {
  let entries;
  try {
    entries = await readdir(templatesDir, { withFileTypes: true });
  } catch {
    throw new TemplateError(`No templates folder at ${templatesDir}`);
  }
  const ids = entries.filter((e) => e.isDirectory() && !e.name.startsWith("_") && !e.name.startsWith(".")).map((e) => e.name);
  const templates = await Promise.all(
    ids.map(async (id) => {
      const file = path.join(templatesDir, id, "template.json");
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch {
        return undefined; // a folder without a manifest is not a template
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new TemplateError(`templates/${id}/template.json is not valid JSON: ${(error as Error).message}`);
      }
      return parseManifest(raw, id);
    }),
  );
  const found = templates.filter((t): t is Manifest => t !== undefined).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  checkOptionTypes(found);
  return { templatesDir, templates: found };
}

/**
 * One option name is one flag for every template, so it must have one type:
 * `--docker` cannot be a switch for one template and take a value for another.
 * Choices and defaults may differ; the chosen template checks the value.
 */
export function checkOptionTypes(templates: readonly Manifest[]): void {
  const first = new Map<string, { id: string; type: string }>();
  for (const manifest of templates) {
    for (const option of manifest.options) {
      const earlier = first.get(option.name);
      if (!earlier) first.set(option.name, { id: manifest.id, type: option.type });
      else if (earlier.type !== option.type) {
        throw new TemplateError(
          `Option "${option.name}" is a ${earlier.type} in templates/${earlier.id}/template.json and a ${option.type} in templates/${manifest.id}/template.json: one flag --${option.name} cannot set both.`,
          "Give the two options the same type, or rename one.",
        );
      }
    }
  }
}

export function findTemplate(registry: Registry, id: string): Manifest {
  const manifest = registry.templates.find((t) => t.id === id);
  if (!manifest) {
    throw new UserError(
      `Unknown template "${id}".`,
      (name) => `Choose one of: ${registry.templates.map((t) => t.id).join(", ")} (see ${name("list", true)}).`,
    );
  }
  return manifest;
}

/** Every file below `dir`, dotfiles included, sorted for a stable plan. */
export async function listSourceFiles(dir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  // Entries are read concurrently (the order is fixed by the sort below): one
  // stat at a time was a visible share of a render-only run.
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const rel = relative ? `${relative}/${entry.name}` : entry.name;
        const absolute = path.join(dir, rel);
        if (entry.isDirectory()) await walk(rel);
        else if (entry.isFile()) {
          const { mode } = await stat(absolute);
          out.push({ relative: rel, absolute, executable: (mode & 0o111) !== 0 });
        } else throw new TemplateError(`${absolute}: only regular files and folders may be in a template`);
      }),
    );
  }
  try {
    await walk("");
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError(`Cannot read template folder ${dir}: ${(error as Error).message}`);
  }
  return out.sort((a, b) => a.relative.localeCompare(b.relative));
}

export interface TemplateSources {
  /** Keyed by the manifest's `from`, plus "_shared/files". */
  [from: string]: SourceFile[];
}

/** Reads the file listings the plan needs: the shared files, each licence, and each of the template's sources. */
export async function readTemplateSources(registry: Registry, manifest: Manifest): Promise<TemplateSources> {
  const sharedDir = path.join(registry.templatesDir, SHARED_FOLDER, "files");
  // A templates folder of one's own (CREATE_BACKEND_PROJECT_TEMPLATES) need not carry licence texts.
  const licenseFolders = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  let licenseDir = path.join(registry.templatesDir, LICENSE_FOLDER);
  let licenses = await licenseFolders(licenseDir);
  if (!licenses.length) {
    licenseDir = path.join(BUILTIN_TEMPLATES_DIR, LICENSE_FOLDER);
    licenses = await licenseFolders(licenseDir);
  }
  const froms = [...new Set(manifest.files.map((f) => f.from))];
  const [shared, licenseListings, ...listings] = await Promise.all([
    listSourceFiles(sharedDir).catch(() => []),
    Promise.all(licenses.map((id) => listSourceFiles(path.join(licenseDir, id)))),
    ...froms.map((from) =>
      listSourceFiles(
        from.startsWith(SHARED_PREFIX) ? path.join(registry.templatesDir, from) : path.join(registry.templatesDir, manifest.id, from),
      ),
    ),
  ]);
  return Object.fromEntries([
    [`${SHARED_FOLDER}/files`, shared ?? []],
    ...licenses.map((id, i) => [`${LICENSE_FOLDER}/${id}`, licenseListings[i] ?? []]),
    ...froms.map((from, i) => [from, listings[i] ?? []]),
  ]);
}
