import { describe, expect, it } from "vitest";
import { matchesWhen, parseManifest } from "../../src/core/manifest.js";
import { loadRegistry } from "../../src/core/registry.js";
import { TemplateError } from "../../src/errors.js";
import { manifestFixture } from "../helpers/manifests.js";
import { FIXTURE_TEMPLATES, TEMPLATES } from "../helpers/paths.js";

describe("parseManifest", () => {
  it("fills defaults for optional fields", () => {
    const m = manifestFixture();
    expect(m.python).toBe("3.11");
    expect(m.reserved).toEqual([]);
    expect(m.options.map((o) => o.name)).toEqual(["db", "docker"]);
  });

  it.each([
    [{ id: "other" }, /must equal its folder name/],
    [{ title: "" }, /"title" must be a non-empty string/],
    [{ python: "3" }, /"python" must look like/],
    [{ options: [{ name: "name", type: "boolean", message: "x", default: true }] }, /reserved by the engine/],
    [{ options: [{ name: "db", type: "select", message: "x", choices: [{ value: "a" }], default: "a" }] }, /at least two choices/],
    [{ options: [{ name: "db", type: "select", message: "x", choices: [{ value: "a" }, { value: "b" }], default: "c" }] }, /not one of its choices/],
    [{ options: [{ name: "x", type: "text", message: "x", default: "" }] }, /use "select" or "boolean"/],
    [{ files: [{ from: "../outside" }] }, /inside the template folder/],
    [{ files: [{ from: "_shared/files" }] }, /laid in by the engine itself/],
    [{ files: [{ from: "_shared/license/MIT" }] }, /laid in by the engine itself/],
    [{ files: [{ from: "_shared/Not_Kebab" }] }, /lowercase-kebab/],
    [{ files: [{ from: "files", when: { nope: true } }] }, /not an option/],
    [{ files: [{ from: "files", when: { db: "mysql" } }] }, /can never be/],
    [{ secrets: { key: { type: "password" } } }, /"token" or "rsa"/],
  ])("rejects %j", (override, message) => {
    expect(() => manifestFixture(override)).toThrow(TemplateError);
    expect(() => manifestFixture(override)).toThrow(message);
  });

  it("accepts a shared layer by its folder under templates/_shared", () => {
    expect(manifestFixture({ files: [{ from: "files" }, { from: "_shared/fastapi-errors", when: { docker: true } }] }).files[1]).toEqual({
      from: "_shared/fastapi-errors",
      when: { docker: true },
    });
  });

  it("reads next steps as commands or { run, when }, and checks the when", () => {
    expect(manifestFixture({ next: ["a", { run: "b", when: { db: "postgres" } }] }).next).toEqual([{ run: "a" }, { run: "b", when: { db: "postgres" } }]);
    expect(() => manifestFixture({ next: [{ run: "b", when: { db: "mysql" } }] })).toThrow(/next\[0\][\s\S]*can never be/);
    expect(() => manifestFixture({ next: [{ when: { db: "postgres" } }] })).toThrow(/next\[0\] must be a command/);
    expect(() => manifestFixture({ next: "a" })).toThrow(/"next" must be a list/);
  });

  it("rejects something that is not an object", () => {
    expect(() => parseManifest([], "demo")).toThrow(/must be a JSON object/);
  });
});

describe("matchesWhen", () => {
  it("matches when every key equals, and a list matches any item", () => {
    expect(matchesWhen(undefined, {})).toBe(true);
    expect(matchesWhen({ db: "postgres", docker: true }, { db: "postgres", docker: true })).toBe(true);
    expect(matchesWhen({ db: "postgres", docker: true }, { db: "postgres", docker: false })).toBe(false);
    expect(matchesWhen({ db: ["sqlite", "postgres"] }, { db: "sqlite" })).toBe(true);
    expect(matchesWhen({ db: ["postgres"] }, { db: "sqlite" })).toBe(false);
  });
});

describe("the shipped registry", () => {
  it("loads every shipped manifest without error, sorted by order", async () => {
    const registry = await loadRegistry(TEMPLATES);
    const orders = registry.templates.map((t) => t.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    for (const t of registry.templates) expect(t.id).toMatch(/^[a-z][a-z0-9-]+$/);
  });

  it("never lists the test fixture template", async () => {
    const registry = await loadRegistry(TEMPLATES);
    expect(registry.templates.map((t) => t.id)).not.toContain("fixture-app");
    const fixtures = await loadRegistry(FIXTURE_TEMPLATES);
    expect(fixtures.templates.map((t) => t.id)).toEqual(["fixture-app"]);
  });
});
