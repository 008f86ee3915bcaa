import { execFileSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { OptionValue } from "../../src/core/manifest.js";
import { loadRegistry } from "../../src/core/registry.js";
import { ANSWERS_FILE, type Plan } from "../../src/core/plan.js";
import { describeCombo, optionCombinations, renderTemplate } from "../helpers/generate.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { FIXTURE_TEMPLATES, TEMPLATES } from "../helpers/paths.js";

const HOSTILE = {
  description: `It's a "blog" with \\ backslashes, {{braces}}, </script>, $(rm -rf ~), \`ticks\` and 🐍`,
  author: `Zoë O'Brien "the {{dev}}"`,
};

const COMPILE = `
import sys
failed = []
for name in sys.argv[1:]:
    try:
        compile(open(name, encoding="utf-8").read(), name, "exec")
    except SyntaxError as error:
        failed.append(f"{name}: {error}")
print("\\n".join(failed))
`;

const isText = (buffer: Buffer) => !buffer.includes(0);

/** `userText`: the answers contain braces of their own, so stray Handlebars cannot be told apart. */
async function checkProject(plan: Plan, root: string, userText: "benign" | "hostile"): Promise<void> {
  const pyFiles: string[] = [];
  for (const file of plan.files) {
    const written = path.join(root, file.path);
    const content = await readFile(written);
    if (file.kind === "copy") {
      expect(content.equals(await readFile(file.source)), `${file.path} is copied byte for byte`).toBe(true);
      expect(((await stat(written)).mode & 0o111) !== 0, `${file.path} keeps its executable bit`).toBe(file.executable);
    }
    expect((await stat(written)).mode & 0o777, `${file.path} mode`).toBe(file.mode);
    if (file.kind === "render") {
      const text = content.toString("utf8");
      if (userText === "benign") expect(text, `${file.path} has no Handlebars left`).not.toMatch(/\{\{|\}\}/);
      expect(text, `${file.path} has no HTML escapes`).not.toMatch(/&#x27;|&quot;|&#x3D;|&lt;\/script/);
    }
    if (file.path.endsWith(".py")) pyFiles.push(written);
    if (file.path.endsWith(".toml")) expect(() => parseToml(content.toString("utf8")), `${file.path} parses`).not.toThrow();
    if (/\.ya?ml$/.test(file.path)) {
      for (const doc of parseAllDocuments(content.toString("utf8"))) expect(doc.errors, `${file.path} parses`).toEqual([]);
    }
    if (file.path === ".env" || file.path.endsWith(".pem")) expect(isText(content)).toBe(true);
  }
  if (pyFiles.length) {
    const failures = execFileSync("python3", ["-c", COMPILE, ...pyFiles], { encoding: "utf8" }).trim();
    expect(failures, "every .py file compiles with Python 3.11").toBe("");
  }
}

async function textOf(root: string, plan: Plan, predicate: (p: string) => boolean = () => true) {
  const out: Array<[string, string]> = [];
  for (const f of plan.files) {
    if (!predicate(f.path)) continue;
    const buffer = await readFile(path.join(root, f.path));
    if (isText(buffer)) out.push([f.path, buffer.toString("utf8")]);
  }
  return out;
}

const scratch = scratchFolders("render");

/** Renders once with plain answers (to spot stray Handlebars) and once with hostile ones, checking both. */
async function renderAndCheck(templatesDir: string, id: string, combo: Record<string, OptionValue>, name: string) {
  const dir = await scratch();
  const benign = path.join(dir, "benign-project");
  await checkProject(await renderTemplate(templatesDir, id, combo, benign), benign, "benign");
  const root = path.join(dir, name);
  const plan = await renderTemplate(templatesDir, id, combo, root, HOSTILE);
  await checkProject(plan, root, "hostile");
  return { plan, root };
}

describe("the fixture template (engine features)", async () => {
  const registry = await loadRegistry(FIXTURE_TEMPLATES);
  const manifest = registry.templates[0]!;
  it.each(optionCombinations(manifest).map((c) => [describeCombo(c), c] as const))("renders %s", async (_, combo) => {
    const { root } = await renderAndCheck(FIXTURE_TEMPLATES, manifest.id, combo, "my-app");
    const init = await readFile(path.join(root, "src/my_app/__init__.py"), "utf8");
    const literal = execFileSync("python3", ["-c", `import json,runpy; g = runpy.run_path(${JSON.stringify(path.join(root, "src/my_app/__init__.py"))}); print(json.dumps([g["DESCRIPTION"], g["AUTHOR"]]))`], { encoding: "utf8" });
    expect(JSON.parse(literal)).toEqual([HOSTILE.description, HOSTILE.author]);
    expect(init).toContain(`DATABASE = "${combo.db}"`);
    const pyproject = parseToml(await readFile(path.join(root, "pyproject.toml"), "utf8")) as { project: Record<string, unknown> };
    expect(pyproject.project.description).toBe(HOSTILE.description);
    expect(await readFile(path.join(root, "web/page.html"), "utf8")).toContain("{{ post.title }}");
    const present = async (p: string) => stat(path.join(root, p)).then(() => true, () => false);
    expect(await present("Dockerfile")).toBe(combo.docker);
    expect(await present("DATABASE.txt")).toBe(combo.db === "postgres");
    // Shared layers the manifest names: rendered with the project's names, and `when` applies to them too.
    expect(await readFile(path.join(root, "src/my_app/greeting.py"), "utf8")).toContain('PACKAGE = "my_app"');
    expect(await present("DOCKER-NOTE.txt")).toBe(combo.docker);
  });
});

const registry = await loadRegistry(TEMPLATES);

describe.each(registry.templates.map((m) => [m.id, m] as const))("template %s", (_id, manifest) => {
  it.each(optionCombinations(manifest).map((c) => [describeCombo(c), c] as const))("renders %s", async (_, combo) => {
    const { plan, root } = await renderAndCheck(TEMPLATES, manifest.id, combo, "my-portfolio-project");
    const files = plan.files.map((f) => f.path);

    // What every project has (TEMPLATE-STANDARD.md).
    for (const required of ["README.md", "pyproject.toml", "Makefile", ".env.example", ".gitignore", ".pre-commit-config.yaml"]) {
      expect(files, `${required} is generated`).toContain(required);
    }
    const pyproject = parseToml(await readFile(path.join(root, "pyproject.toml"), "utf8")) as {
      project: { "requires-python": string; description: string; "optional-dependencies"?: Record<string, string[]> };
      "dependency-groups"?: Record<string, string[]>;
    };
    expect(pyproject.project["requires-python"]).toMatch(/^>=3\.1[01]/);
    expect(pyproject.project.description).toBe(HOSTILE.description);
    // A locked template's dev tools are uv's default group (exported to requirements-dev.txt for pip).
    const dev = files.includes("uv.lock") ? pyproject["dependency-groups"]?.dev : pyproject.project["optional-dependencies"]?.dev;
    expect(dev?.length, "dev tools").toBeGreaterThan(0);
    const makefile = await readFile(path.join(root, "Makefile"), "utf8");
    for (const target of ["dev", "test", "lint", "format", "migrate"]) expect(makefile).toMatch(new RegExp(`^${target}:`, "m"));

    // Options remove cleanly: no file and no mention of what was left out.
    // The engine's answers record names every option, including the ones turned off.
    const all = await textOf(root, plan, (p) => p !== ANSWERS_FILE);
    if (combo.docker === false) {
      expect(files.filter((f) => /docker/i.test(f))).toEqual([]);
      expect(all.filter(([, t]) => /docker/i.test(t)).map(([p]) => p), "files mentioning Docker").toEqual([]);
    }
    if (combo.docker === true) {
      const dockerfile = await readFile(path.join(root, "Dockerfile"), "utf8");
      expect(dockerfile.match(/^FROM /gm)?.length, "multi-stage").toBeGreaterThanOrEqual(2);
      expect(dockerfile).toMatch(/^HEALTHCHECK /m);
      expect(dockerfile).toMatch(/^USER (?!root\b)/m);
      expect(files.some((f) => /^(docker-)?compose\.ya?ml$/.test(f))).toBe(true);
    }
    if (combo.ci === false) {
      expect(files.filter((f) => f.startsWith(".github/"))).toEqual([]);
      expect(all.filter(([, t]) => /github actions|actions\/workflows/i.test(t)).map(([p]) => p)).toEqual([]);
    }
    if (combo.ci === true) {
      const workflow = await readFile(path.join(root, ".github/workflows/ci.yml"), "utf8");
      expect(workflow).toMatch(/permissions:\s*\n\s+contents: read/);
      expect(workflow).toMatch(/cancel-in-progress: true/);
    }
    if (combo.db === "sqlite") {
      // One lock covers every option set, so the driver is a dependency with either database
      // (pyproject.toml and the lock name it); nothing else of a SQLite project may.
      const lockFiles = ["README.md", "pyproject.toml", "uv.lock", "requirements-dev.txt"];
      expect(all.filter(([p, t]) => !lockFiles.includes(p) && /psycopg|asyncpg/.test(t)).map(([p]) => p), "no PostgreSQL driver").toEqual([]);
    }

    // The README's pictures (screenshots) are files of the project, copied byte for byte.
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const pictures = [...readme.matchAll(/<img src="([^"]+)"|!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1] ?? m[2]!);
    for (const picture of pictures.filter((p) => !/^https?:/.test(p))) {
      expect(files, `README.md shows ${picture}`).toContain(picture);
      expect((await readFile(path.join(root, picture))).subarray(1, 4).toString("latin1"), `${picture} is a PNG`).toBe("PNG");
    }
  });
});
