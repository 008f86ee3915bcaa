import { readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { listSourceFiles } from "../../src/core/registry.js";
import { ROOT, TEMPLATES } from "../helpers/paths.js";

describe("the published package", () => {
  it("ships every template file, so generation works offline from npx", async () => {
    const { stdout } = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const packed = new Set((JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    const templateFiles = (await listSourceFiles(TEMPLATES)).map((f) => `templates/${f.relative}`);
    expect(templateFiles.filter((f) => !packed.has(f)), "template files npm would leave out").toEqual([]);
    expect(packed.has("bin/create-backend-project.js")).toBe(true);
    expect([...packed].filter((f) => f.startsWith("tests/") || f.startsWith("src/"))).toEqual([]);
  });

  it("depends on nothing at run time: the build bundles it, so npx downloads one package", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("uses no file names npm drops or obeys (.gitignore, .npmrc, .npmignore) inside templates", async () => {
    const names = (await listSourceFiles(TEMPLATES)).map((f) => f.relative.split("/").at(-1));
    expect(names.filter((n) => n === ".gitignore" || n === ".npmrc" || n === ".npmignore")).toEqual([]);
  });
});
