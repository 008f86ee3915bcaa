import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { expect } from "vitest";
import type { Manifest, OptionValue } from "../../src/core/manifest.js";
import { deriveNames } from "../../src/core/names.js";
import { fillNames } from "../../src/core/plan.js";
import { cli } from "./cli.js";
import type { CheckSpec } from "./e2eCheck.js";
import { optionArgs } from "./e2eRuns.js";
import { run } from "./e2eServices.js";

const pathDirs = (process.env.PATH ?? "").split(path.delimiter);
export const UV_DIR = pathDirs.find((dir) => existsSync(path.join(dir, "uv")));
export const PATH_WITHOUT_UV = pathDirs.filter((dir) => !existsSync(path.join(dir, "uv"))).join(path.delimiter);

// Every project is generated with text that breaks naive templating; its own tests must still pass.
const HOSTILE_TEXT = [
  "--description",
  `It's a "portfolio" project: {{braces}}, </script>, $(rm -rf ~), \`ticks\`, back\\slash & 🐍`,
  "--author",
  `Zoë O'Brien "the {{dev}}"`,
];

export interface Project {
  /** The template id. */
  id: string;
  dir: string;
  env: Record<string, string>;
  /** Fills `{{packageName}}`, `{{slug}}` and `{name}` placeholders of a check.json command or value. */
  fill: (part: string, values?: Record<string, string>) => string;
}

export async function expectOk(label: string, file: string, args: string[], options: Parameters<typeof run>[2]): Promise<string> {
  const { exitCode, output } = await run(file, args, options);
  const tail = output.trimEnd().split("\n").slice(-80).join("\n");
  expect(exitCode, `${label} failed:\n${tail}`).toBe(0);
  return output;
}

/** Replaces `{key}` with values[key] for every key given; other braces are left alone. */
export function fillValues(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (key in values ? values[key]! : whole));
}

/** Generates the template with the built CLI (git, venv, install: all four steps must be done). */
export async function generate(
  parent: string,
  manifest: Manifest,
  options: Record<string, OptionValue>,
  installer: "uv" | "pip",
  serviceEnv: Record<string, string>,
  python?: string,
): Promise<Project> {
  const PATH = installer === "uv" ? process.env.PATH! : PATH_WITHOUT_UV;
  const args = ["my-project", "-t", manifest.id, "--yes", "--json", ...HOSTILE_TEXT, ...optionArgs(options)];
  if (python) args.push("--python", python);
  const generated = await cli(args, { cwd: parent, templates: null, env: { PATH } });
  expect(generated.exitCode, `generation failed:\n${generated.stderr}\n${generated.stdout}`).toBe(0);
  const report = JSON.parse(generated.stdout);
  expect(report.installer).toBe(installer);
  expect(report.steps.map((s: { status: string }) => s.status)).toEqual(["done", "done", "done", "done"]);

  const dir = path.join(parent, "my-project");
  const names = deriveNames(parent, "my-project");
  const bin = path.join(dir, ".venv", "bin");
  await expectLockedVersions(dir, path.join(bin, "python"));
  return {
    id: manifest.id,
    dir,
    env: { ...serviceEnv, PATH: `${bin}${path.delimiter}${PATH}`, VIRTUAL_ENV: path.join(dir, ".venv") },
    fill: (part, values = {}) => fillValues(fillNames(part, names, manifest.id), values),
  };
}

const DISTRIBUTIONS = "import importlib.metadata as m\nfor d in m.distributions(): print(d.metadata['Name'], d.version)";
const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** Every package in the venv is the version uv.lock pins: the install took the lock, not the newest release. */
async function expectLockedVersions(dir: string, python: string): Promise<void> {
  const lock = parseToml(await readFile(path.join(dir, "uv.lock"), "utf8")) as { package: Array<{ name: string; version: string }> };
  // A name can be locked at two versions, each for its own Python (resolution markers).
  const pinned = new Map<string, string[]>();
  for (const p of lock.package) pinned.set(p.name, [...(pinned.get(p.name) ?? []), p.version]);
  const installed = (await expectOk("list installed packages", python, ["-c", DISTRIBUTIONS], {}))
    .trim()
    .split("\n")
    .map((line) => line.split(" ") as [string, string])
    // What `python -m venv` bootstraps (pip; setuptools too on 3.11), unless the lock pins it.
    .filter(([name]) => pinned.has(normalize(name)) || !["pip", "setuptools"].includes(normalize(name)));
  expect(installed.length).toBeGreaterThan(10);
  expect(installed.filter(([name, version]) => !pinned.get(normalize(name))?.includes(version)).map((p) => p.join(" ")), "not the locked version").toEqual([]);
}

/** The project's own gates: ruff (lint, format, bandit rules), no secret in git, its checks and pytest. */
export async function runOwnChecks(project: Project, check: CheckSpec): Promise<void> {
  const inProject = { cwd: project.dir, env: project.env };
  expect(await readFile(path.join(project.dir, ".gitignore"), "utf8")).toMatch(/^\.env$/m);
  await expectOk("ruff check", "ruff", ["check", "."], inProject);
  await expectOk("ruff format --check", "ruff", ["format", "--check", "."], inProject);
  await expectOk("ruff check --select S (bandit rules)", "ruff", ["check", "--select", "S", "."], inProject);

  // The initial commit must hold no secret the generator wrote (.env values, private keys).
  const secrets = (await readFile(path.join(project.dir, ".env"), "utf8"))
    .split("\n")
    .filter((line) => /^[A-Z0-9_]*(SECRET|KEY|TOKEN)[A-Z0-9_]*=/.test(line))
    .map((line) => line.replace(/^[A-Z0-9_]+=/, "").replace(/^["']|["']$/g, ""))
    .filter((value) => value.length >= 32);
  const pems = (await expectOk("find keys", "find", [".", "-name", "*.pem", "-not", "-path", "./.venv/*"], { cwd: project.dir }))
    .split("\n")
    .filter(Boolean);
  for (const pem of pems) {
    secrets.push(...(await readFile(path.join(project.dir, pem), "utf8")).split("\n").filter((l) => l.length > 40));
  }
  expect(secrets.length, "the generator wrote a secret").toBeGreaterThan(0);
  const history = await expectOk("git log", "git", ["log", "-p", "--all"], { cwd: project.dir });
  expect(history).toContain("Initial commit from create-backend-project");
  expect(secrets.filter((v) => history.includes(v)), "secrets in git history").toEqual([]);

  for (const [file, ...args] of check.verify.map((c) => c.map((p) => project.fill(p)))) {
    await expectOk([file, ...args].join(" "), file!, args, inProject);
  }
  await expectOk("pytest", "pytest", ["-q", "-p", "no:cacheprovider"], inProject);
}

/** Runs check.json commands (prepare, production setup) in the project, with extra env. */
export async function runCommands(project: Project, cmds: string[][], values: Record<string, string>, env: Record<string, string> = {}) {
  for (const [file, ...args] of cmds.map((c) => c.map((p) => project.fill(p, values)))) {
    await expectOk([file, ...args].join(" "), file!, args, { cwd: project.dir, env: { ...project.env, ...env } });
  }
}
