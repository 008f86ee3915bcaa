import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Answers, resolveAnswers } from "../../src/core/answers.js";
import { deriveNames } from "../../src/core/names.js";
import { ANSWERS_FILE, type PlanInput, planProject } from "../../src/core/plan.js";
import type { SourceFile, TemplateSources } from "../../src/core/registry.js";
import { TemplateError } from "../../src/errors.js";
import { manifestFixture } from "../helpers/manifests.js";

const CWD = "/work/learner";
const src = (from: string, ...relatives: string[]): SourceFile[] =>
  relatives.map((relative) => ({ relative, absolute: `/tpl/${from}/${relative}`, executable: relative.endsWith(".sh") }));

const SOURCES: TemplateSources = {
  "_shared/files": src("_shared/files", "gitignore", ".editorconfig"),
  "_shared/license/MIT": src("_shared/license/MIT", "LICENSE.hbs"),
  "_shared/license/Apache-2.0": src("_shared/license/Apache-2.0", "LICENSE.hbs"),
  files: src("files", "pyproject.toml.hbs", "src/{{packageName}}/__init__.py", "web/page.html", "bin/run.sh", "sub/gitignore.hbs", ".env.hbs", ".env.example", "keys/jwt.pem.hbs"),
  "optional/docker": src("optional/docker", "Dockerfile.hbs", "compose.yaml"),
  "optional/postgres": src("optional/postgres", "db/postgres.sql"),
};

function input(partial: Partial<Answers["options"]> = {}, overrides: Partial<PlanInput> = {}): PlanInput {
  const manifest = manifestFixture();
  const answers = resolveAnswers(manifest, { directory: "apps/my-shop", options: partial });
  return {
    manifest,
    answers,
    names: deriveNames(CWD, answers.directory),
    sources: SOURCES,
    settings: { git: true, venv: true, install: true },
    generatorVersion: "9.9.9",
    year: 2026,
    platform: "linux",
    ...overrides,
  };
}

const paths = (i: PlanInput) => planProject(i).files.map((f) => f.path);

describe("planProject", () => {
  it("lays shared files, the template's files and only the optional folders whose `when` matches", () => {
    expect(paths(input())).toEqual([
      ".create-backend-project.json",
      ".editorconfig",
      ".env",
      ".env.example",
      ".gitignore",
      "bin/run.sh",
      "compose.yaml",
      "Dockerfile",
      "keys/jwt.pem",
      "LICENSE",
      "pyproject.toml",
      "src/my_shop/__init__.py",
      "sub/.gitignore",
      "web/page.html",
    ]);
    const noDockerPostgres = paths(input({ docker: false, db: "postgres" }));
    expect(noDockerPostgres).toContain("db/postgres.sql");
    expect(noDockerPostgres).not.toContain("Dockerfile");
    expect(noDockerPostgres).not.toContain("compose.yaml");
  });

  it("lays the LICENSE of the chosen licence from the shared layer, or none", () => {
    const licensed = (license: string) => {
      const manifest = manifestFixture();
      const answers = resolveAnswers(manifest, { directory: "apps/my-shop", license });
      return planProject({ ...input(), answers });
    };
    const apache = licensed("apache-2.0");
    expect(apache.files.find((f) => f.path === "LICENSE")).toMatchObject({ kind: "render", source: "/tpl/_shared/license/Apache-2.0/LICENSE.hbs" });
    expect(apache.data.license).toBe("Apache-2.0");
    const none = licensed("none");
    expect(none.files.map((f) => f.path)).not.toContain("LICENSE");
    expect(none.data.license).toBe("none");
  });

  it("renders only .hbs files and copies the rest, keeping the executable bit", () => {
    const files = planProject(input()).files;
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(byPath["pyproject.toml"]).toMatchObject({ kind: "render", source: "/tpl/files/pyproject.toml.hbs" });
    expect(byPath["web/page.html"]).toMatchObject({ kind: "copy", executable: false });
    expect(byPath["bin/run.sh"]).toMatchObject({ kind: "copy", executable: true });
    expect(byPath["sub/.gitignore"]).toMatchObject({ kind: "render" });
  });

  it("makes secret-bearing files owner-only and keeps the rest ordinary", () => {
    const modes = Object.fromEntries(planProject(input()).files.map((f) => [f.path, f.mode]));
    expect(modes[".env"]).toBe(0o600);
    expect(modes["keys/jwt.pem"]).toBe(0o600);
    expect(modes[".env.example"]).toBe(0o644);
    expect(modes["bin/run.sh"]).toBe(0o755);
    expect(modes["pyproject.toml"]).toBe(0o644);
  });

  it("records the answers, never a secret, in the answers file", () => {
    const file = planProject(input({ db: "postgres" })).files.find((f) => f.path === ANSWERS_FILE);
    expect(file?.kind).toBe("write");
    const record = JSON.parse(file && file.kind === "write" ? file.content : "");
    expect(record).toEqual({
      schemaVersion: 2,
      generator: "create-python-backend",
      version: "9.9.9",
      template: "demo",
      names: { name: "My Shop", slug: "my-shop", packageName: "my_shop" },
      year: 2026,
      answers: { name: "", description: "A demo project.", author: "", email: "", license: "MIT", options: { db: "postgres", docker: true } },
    });
  });

  it("exposes names and options to templates but keeps secrets out of the plan", () => {
    const plan = planProject(input({ docker: false }));
    expect(plan.data).toMatchObject({ name: "My Shop", slug: "my-shop", packageName: "my_shop", db: "sqlite", docker: false, year: 2026 });
    expect(plan.data).not.toHaveProperty("secrets");
    expect(plan.secrets).toEqual({ secretKey: { type: "token" } });
    expect(plan.target).toBe(path.join(CWD, "apps", "my-shop"));
  });

  it("plans the steps the settings ask for", () => {
    const ids = (settings: PlanInput["settings"]) => planProject(input({}, { settings })).steps.map((s) => s.id);
    expect(ids({ git: true, venv: true, install: true })).toEqual(["files", "git", "venv", "install"]);
    expect(ids({ git: false, venv: true, install: false })).toEqual(["files", "venv"]);
    expect(ids({ git: true, venv: false, install: true })).toEqual(["files", "git"]);
  });

  it("tells the user what to run next, filling the package name", () => {
    expect(planProject(input()).next).toEqual(["cd apps/my-shop", "source .venv/bin/activate", "python -m my_shop", "pytest"]);
    const bare = planProject(input({}, { settings: { git: false, venv: false, install: false } })).next;
    expect(bare).toEqual([
      "cd apps/my-shop",
      "python3 -m venv .venv",
      "source .venv/bin/activate",
      'python -m pip install -e ".[dev]"',
      "python -m my_shop",
      "pytest",
    ]);
    expect(planProject(input({}, { platform: "win32" })).next[1]).toBe(".venv\\Scripts\\activate");
  });

  it("shows a next step only for the answers its `when` names", () => {
    const manifest = manifestFixture({ next: [{ run: "createdb {{packageName}}", when: { db: "postgres" } }, "python -m {{packageName}}"] });
    const next = (db: string) => planProject({ ...input({ db }), manifest }).next;
    expect(next("postgres")).toEqual(["cd apps/my-shop", "source .venv/bin/activate", "createdb my_shop", "python -m my_shop", "pytest"]);
    expect(next("sqlite")).toEqual(["cd apps/my-shop", "source .venv/bin/activate", "python -m my_shop", "pytest"]);
  });

  it("refuses two sources writing the same path", () => {
    const sources = { ...SOURCES, "optional/docker": src("optional/docker", "pyproject.toml") };
    expect(() => planProject(input({}, { sources }))).toThrow(/pyproject.toml is written by both/);
  });

  it("refuses paths that leave the project or use free text", () => {
    const escape = { ...SOURCES, files: src("files", "{{slug}}/../../x") };
    expect(() => planProject(input({}, { sources: escape }))).toThrow(TemplateError);
    const freeText = { ...SOURCES, files: src("files", "{{description}}.txt") };
    expect(() => planProject(input({}, { sources: freeText }))).toThrow(/not "description"/);
  });

  it("refuses a template that writes the engine's answers file", () => {
    const sources = { ...SOURCES, files: src("files", ANSWERS_FILE) };
    expect(() => planProject(input({}, { sources }))).toThrow(/written by the engine/);
  });

  it("is pure: the same input gives the same plan", () => {
    expect(planProject(input())).toEqual(planProject(input()));
  });
});
