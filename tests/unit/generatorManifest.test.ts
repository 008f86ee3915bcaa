import { describe, expect, it } from "vitest";
import {
  GeneratorEditError,
  type GeneratorManifest,
  parseGeneratorManifest,
  planGenerator,
  resolveGeneratorAnswers,
} from "../../src/domain/generatorManifest.js";
import { TemplateError, UserError } from "../../src/errors.js";

const RAW = {
  name: "resource",
  description: "A model, its routes and tests",
  prompts: [
    { name: "Name", type: "string", message: "Resource name", pattern: "[A-Z][A-Za-z]*" },
    { name: "admin", type: "boolean", message: "Register in the admin?", default: true },
  ],
  files: [
    { source: "model.py.hbs", to: "app/{{Name}}.py" },
    { source: "conftest.py", to: "tests/conftest.py", skipIfExists: true },
  ],
  edits: [
    { type: "append", file: "app/routes.py", anchor: "# cbp:routes", text: "include({{Name}})" },
    { type: "modify", file: "app/settings.py", pattern: "^VERSION = \\d+$", replace: "VERSION = 2" },
  ],
};

const manifest = (overrides: Record<string, unknown> = {}): GeneratorManifest =>
  parseGeneratorManifest({ ...RAW, ...overrides }, "generators/resource/generator.json");

const fill = (answers: Record<string, string | boolean>) => (text: string) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(answers[key]));

function plan(project: Record<string, string>, m = manifest(), given: Record<string, string | boolean> = { Name: "Post" }) {
  const answers = resolveGeneratorAnswers(m, given);
  return planGenerator({
    manifest: m,
    answers,
    project: new Map(Object.entries(project)),
    sources: new Map([
      ["model.py.hbs", "class Post: ...\n"],
      ["conftest.py", "# fixtures\n"],
    ]),
    fill: fill(answers),
  });
}

const PROJECT = {
  "app/routes.py": "routes = [\n    # cbp:routes\n]\n",
  "app/settings.py": "DEBUG = False\nVERSION = 1\n",
};

describe("parseGeneratorManifest", () => {
  it("reads a full manifest with defaults filled in", () => {
    const m = manifest();
    expect(m.files[1]).toEqual({ source: "conftest.py", to: "tests/conftest.py", skipIfExists: true });
    expect(m.edits[0]).toEqual({ type: "append", file: "app/routes.py", anchor: "# cbp:routes", text: "include({{Name}})", position: "before", unique: true });
  });

  it.each([
    [{ name: "Resource" }, /"name"/],
    [{ files: [{ source: "../x", to: "a" }] }, /files\[0\]\.source/],
    [{ files: [{ source: "x", to: "/etc/passwd" }] }, /files\[0\]\.to/],
    [{ edits: [{ type: "prepend", file: "a" }] }, /edits\[0\]\.type/],
    [{ edits: [{ type: "modify", file: "a", pattern: "(", replace: "" }] }, /not a valid regular expression/],
    [{ prompts: [{ name: "x", type: "select", message: "m", choices: [] }] }, /choices/],
    [{ prompts: [{ name: "x", type: "select", message: "m", choices: ["a"], default: "b" }] }, /must be one of a/],
    [{ prompts: [RAW.prompts[0], RAW.prompts[0]] }, /declared twice/],
    [{ files: [], edits: [] }, /would do nothing/],
  ])("rejects %j", (overrides, message) => {
    expect(() => manifest(overrides)).toThrow(TemplateError);
    expect(() => manifest(overrides)).toThrow(message);
  });

  it("names the manifest file in its errors", () => {
    expect(() => manifest({ description: "" })).toThrow(/^generators\/resource\/generator\.json: "description"/);
  });
});

describe("resolveGeneratorAnswers", () => {
  it("fills defaults and checks patterns", () => {
    expect(resolveGeneratorAnswers(manifest(), { Name: "Post" })).toEqual({ Name: "Post", admin: true });
    expect(() => resolveGeneratorAnswers(manifest(), { Name: "post" })).toThrow(/"Name" must match/);
    expect(() => resolveGeneratorAnswers(manifest(), {})).toThrow(UserError);
    expect(() => resolveGeneratorAnswers(manifest(), { Name: "Post", colour: "red" })).toThrow(/no option "colour"/);
  });
});

describe("planGenerator", () => {
  it("adds files and applies edits in memory", () => {
    expect(plan(PROJECT)).toEqual([
      { kind: "add", path: "app/Post.py", contents: "class Post: ...\n" },
      { kind: "add", path: "tests/conftest.py", contents: "# fixtures\n" },
      { kind: "edit", path: "app/routes.py", before: PROJECT["app/routes.py"], after: "routes = [\ninclude(Post)\n    # cbp:routes\n]\n" },
      { kind: "edit", path: "app/settings.py", before: PROJECT["app/settings.py"], after: "DEBUG = False\nVERSION = 2\n" },
    ]);
  });

  it("skips a skip-if-exists file and refuses to overwrite any other", () => {
    const ops = plan({ ...PROJECT, "tests/conftest.py": "# mine\n" });
    expect(ops).toContainEqual({ kind: "skip", path: "tests/conftest.py", reason: "exists" });
    expect(() => plan({ ...PROJECT, "app/Post.py": "# mine\n" })).toThrow(/would overwrite app\/Post\.py/);
  });

  it("appends once when run twice", () => {
    const routes = "routes = [\ninclude(Post)\n    # cbp:routes\n]\n";
    const ops = plan({ ...PROJECT, "app/routes.py": routes });
    expect(ops).toContainEqual({ kind: "skip", path: "app/routes.py", reason: "already-applied" });
  });

  it("inserts after the anchor and keeps CRLF files CRLF", () => {
    const m = manifest({ files: [], edits: [{ type: "append", file: "a.py", anchor: "# here", text: "x = 1", position: "after" }] });
    expect(plan({ "a.py": "# here\r\ny = 2\r\n" }, m)).toEqual([{ kind: "edit", path: "a.py", before: "# here\r\ny = 2\r\n", after: "# here\r\nx = 1\r\ny = 2\r\n" }]);
  });

  it("names the file and the anchor when the anchor is missing", () => {
    const run = () => plan({ ...PROJECT, "app/routes.py": "routes = []\n" });
    expect(run).toThrow(GeneratorEditError);
    expect(run).toThrow('generator "resource": app/routes.py has no anchor "# cbp:routes"');
  });

  it("names the file and the pattern when a modify finds nothing", () => {
    expect(() => plan({ ...PROJECT, "app/settings.py": "DEBUG = True\n" })).toThrow("app/settings.py has no match for /^VERSION = \\d+$/");
  });

  it("fails clearly when an edited file is missing", () => {
    expect(() => plan({ "app/routes.py": PROJECT["app/routes.py"] })).toThrow(/edits app\/settings\.py, which the project does not have/);
  });

  it("edits a file the same generator adds, as one add", () => {
    const m = manifest({
      files: [{ source: "model.py.hbs", to: "app/{{Name}}.py" }],
      edits: [{ type: "modify", file: "app/{{Name}}.py", pattern: "\\.\\.\\.", replace: "pass" }],
    });
    expect(plan({}, m)).toEqual([{ kind: "add", path: "app/Post.py", contents: "class Post: pass\n" }]);
  });
});
