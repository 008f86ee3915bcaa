import { copyFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { listSourceFiles } from "../../src/core/registry.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { ROOT, TEMPLATES } from "../helpers/paths.js";

const scratch = scratchFolders("pack");

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

  it("is published as create-python-backend (create-backend-project on npm is someone else's), with both bin names", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.name).toBe("create-python-backend");
    expect(Object.keys(pkg.bin).sort()).toEqual(["create-backend-project", "create-python-backend"]);
  });

  it("uses no file names npm drops or obeys (.gitignore, .npmrc, .npmignore) inside templates", async () => {
    const names = (await listSourceFiles(TEMPLATES)).map((f) => f.relative.split("/").at(-1));
    expect(names.filter((n) => n === ".gitignore" || n === ".npmrc" || n === ".npmignore")).toEqual([]);
  });
});

describe("the packed tarball, run as npx runs it (offline, from an empty npm cache)", () => {
  let tarball = "";
  let npmEnv: Record<string, string> = {};
  beforeAll(async () => {
    const out = await scratch();
    // dist/ is already built by `npm test`; prepack would only build it again.
    const { stdout } = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd: ROOT });
    const info = (JSON.parse(stdout) as Array<{ filename: string; size: number }>)[0]!;
    expect(info.size, "tarball bytes").toBeLessThan(3 * 1024 * 1024);
    tarball = path.join(out, info.filename);
    npmEnv = { npm_config_cache: path.join(out, "npm-cache"), npm_config_offline: "true", npm_config_yes: "true", npm_config_update_notifier: "false" };
  }, 120_000);

  it("`npx <package>` picks the create-python-backend bin, as `npm create python-backend` does", async () => {
    const cwd = await scratch();
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
    const { stdout } = await execa("npx", [`file:${tarball}`, "--version"], { cwd, env: npmEnv });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it.each(["create-python-backend", "create-backend-project"])("the %s bin generates a project from the shipped templates", async (bin) => {
    const cwd = await scratch();
    const { stdout } = await execa(
      "npm",
      ["exec", "--package", tarball, "--", bin, "p", "-t", "flask-task-api", "--yes", "--no-git", "--no-venv", "--json"],
      { cwd, env: { ...npmEnv, CREATE_BACKEND_PROJECT_TEMPLATES: "" } },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, template: "flask-task-api" });
    const record = JSON.parse(await readFile(path.join(cwd, "p", ".create-backend-project.json"), "utf8"));
    expect(record.generator).toBe("create-python-backend");
  });
});

describe("a clone before `npm run build`", () => {
  it("the bin says to build, in one line, with no stack trace", async () => {
    const root = await scratch();
    await mkdir(path.join(root, "bin"));
    await copyFile(path.join(ROOT, "bin", "create-backend-project.js"), path.join(root, "bin", "create-backend-project.js"));
    const result = await execa(process.execPath, [path.join(root, "bin", "create-backend-project.js"), "--help"], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^create-python-backend is not built yet: run `npm run build`[^\n]*\n?$/);
    expect(result.stdout).toBe("");
  });
});
