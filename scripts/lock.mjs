// Refreshes every template's lock: `npm run lock` (keep the pins that still fit the
// ranges, resolve what changed), `npm run lock -- --upgrade` (newest allowed versions,
// what the canary does), `-- <template-id>...` for some only.
//
// A generated project's own package name differs per generation, and uv.lock names the
// project. So each template is generated once under a placeholder name, locked there,
// and the lock is stored as `files/uv.lock.hbs` with the placeholder replaced by
// `{{slug}}` (the pyproject's `name`). uv does not care where the project's entry sits
// among the packages: `uv lock --check` accepts the rendered file and `uv lock` leaves
// it byte for byte, which tests/unit/templateLocks.test.ts proves for every option set.
// The project's dependency list is the same for every option set (no `{{#if}}` in it),
// so one lock covers them all. `requirements-dev.txt` is exported from the same lock,
// with hashes, for the venv + pip path; it names no project, so it is a plain file.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATES = path.join(ROOT, "templates");
const PLACEHOLDER = "cbp-lock-placeholder";
const PROJECT_LINE = (name) => `name = "${name}"\nversion = "0.1.0"\nsource = { editable = "." }\n`;
export const LOCK_FILE = "uv.lock.hbs";
export const REQUIREMENTS_FILE = "requirements-dev.txt";
// The exported file's header records this command: it is also what a generated project
// runs (make lock) after `uv add`, so it must not depend on the folder it runs in.
export const EXPORT_ARGS = ["export", "--frozen", "--no-emit-project", "--no-annotate", "--output-file", REQUIREMENTS_FILE];

const args = process.argv.slice(2);
const upgrade = args.includes("--upgrade");
const only = args.filter((a) => !a.startsWith("--"));

const uv = (cwd, ...uvArgs) => execFileSync("uv", uvArgs, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

/** Every template folder (anything with a template.json that is not `_shared`): a new template needs nothing here. */
async function templateIds() {
  const entries = await readdir(TEMPLATES, { withFileTypes: true });
  const ids = [];
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith("_") && existsSync(path.join(TEMPLATES, e.name, "template.json"))) ids.push(e.name);
  }
  return ids.sort();
}

async function lockTemplate(id) {
  const scratch = await mkdtemp(path.join(tmpdir(), `cbp-lock-${id}-`));
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, "bin", "create-backend-project.js"), PLACEHOLDER, "-t", id, "--yes", "--no-git", "--no-venv"],
      { cwd: scratch, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CREATE_BACKEND_PROJECT_TEMPLATES: TEMPLATES } },
    );
    const project = path.join(scratch, PLACEHOLDER);
    const pyproject = await readFile(path.join(project, "pyproject.toml"), "utf8");
    if (!pyproject.includes(`name = "${PLACEHOLDER}"`)) throw new Error(`${id}: pyproject.toml's name is not the project slug`);
    const filesDir = path.join(TEMPLATES, id, "files");
    const stored = path.join(filesDir, LOCK_FILE);
    // The stored lock's pins are the preferences: a refresh moves only what must move.
    if (existsSync(stored) && !upgrade) {
      const previous = await readFile(stored, "utf8");
      await writeFile(path.join(project, "uv.lock"), previous.replace(PROJECT_LINE("{{slug}}"), PROJECT_LINE(PLACEHOLDER)));
    }
    uv(project, "lock", "--quiet", ...(upgrade ? ["--upgrade"] : []));
    const lock = await readFile(path.join(project, "uv.lock"), "utf8");
    if (lock.includes("{{") || lock.includes("}}")) throw new Error(`${id}: uv.lock holds braces Handlebars would read`);
    const entries = lock.split(PROJECT_LINE(PLACEHOLDER)).length - 1;
    if (entries !== 1 || lock.split(PLACEHOLDER).length - 1 !== 1) throw new Error(`${id}: expected the placeholder once in uv.lock`);
    await writeFile(stored, lock.replace(PROJECT_LINE(PLACEHOLDER), PROJECT_LINE("{{slug}}")));
    uv(project, ...EXPORT_ARGS, "--quiet");
    const requirements = await readFile(path.join(project, REQUIREMENTS_FILE), "utf8");
    if (requirements.includes(PLACEHOLDER)) throw new Error(`${id}: ${REQUIREMENTS_FILE} names the project`);
    await writeFile(path.join(filesDir, REQUIREMENTS_FILE), requirements);
    const packages = (lock.match(/^\[\[package\]\]$/gm) ?? []).length;
    console.log(`${id}: ${packages - 1} packages locked${upgrade ? " (newest allowed)" : ""}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const ids = await templateIds();
const unknown = only.filter((id) => !ids.includes(id));
if (unknown.length) {
  console.error(`Unknown template: ${unknown.join(", ")} (templates: ${ids.join(", ")})`);
  process.exit(1);
}
for (const id of only.length ? only : ids) await lockTemplate(id);
