import { execFileSync } from "node:child_process";
import { watch } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { loadRegistry } from "../../src/core/registry.js";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { BIN, FIXTURE_TEMPLATES, ROOT, TEMPLATES } from "../helpers/paths.js";

const scratch = scratchFolders("cli");

const exists = (p: string) => stat(p).then(() => true, () => false);
const FAST = ["-t", "fixture-app", "--yes", "--no-venv"];

describe("information flags", () => {
  it("--help lists every shipped template and its options, from the registry", async () => {
    const registry = await loadRegistry(TEMPLATES);
    const { exitCode, stdout } = await cli(["--help"], { templates: null });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Usage:");
    for (const t of registry.templates) {
      expect(stdout).toContain(t.id);
      for (const o of t.options) expect(stdout).toContain(`--${o.name}`);
    }
    expect(stdout).not.toContain("fixture-app");
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
    const { exitCode, stdout } = await cli(["-v"]);
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it("--list --json describes each template", async () => {
    const { exitCode, stdout } = await cli(["--list", "--json"]);
    expect(exitCode).toBe(0);
    const list = JSON.parse(stdout);
    expect(list).toEqual([
      expect.objectContaining({
        id: "fixture-app",
        title: "Fixture App",
        stack: ["Python"],
        skills: ["Testing the generator"],
        options: [
          { name: "db", type: "select", message: "Database", choices: ["sqlite", "postgres"], default: "sqlite" },
          { name: "docker", type: "boolean", message: "Dockerfile", default: true },
        ],
      }),
    ]);
  });
});

describe("usage errors exit 2 with a message naming the problem, and write nothing", () => {
  it.each([
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["x", "-t"], /argument missing/],
    [["x", "-t", "nope", "--yes"], /Unknown template "nope"[\s\S]*fixture-app/],
    [["x", "-t", "fixture-app", "--db", "mysql", "--yes"], /--db must be one of: sqlite, postgres/],
    [["x", "-t", "fixture-app", "--db", "sqlite", "--db", "postgres"], /--db and --db both given/],
    [["x", "--yes"], /No template chosen[\s\S]*--template/],
    [["-t", "fixture-app", "--yes"], /No project directory given/],
    [["-t", "fixture-app"], /No project directory given/],
    [["class", ...FAST], /Python keyword/],
    [["json", ...FAST], /shadow/],
    [["x", ...FAST, "--email", "nope"], /not an email/],
    // Accepted once, then hatchling failed the install with "check your network".
    [["x", ...FAST, "--author", "Jane", "--email", "<jane@example.com>"], /"<jane@example.com>" is not an email address[\s\S]*no <>/],
    [["x", ...FAST, "--author", "Jane", "--email", "me@ex..com"], /"me@ex..com" is not an email address/],
    [["x", ...FAST, "--email", "jane@example.com"], /--email was given without an author/],
    [["evil\u202Etxt.exe", ...FAST], /text-direction control character \(U\+202E\)/],
    [["zero\u200Bwidth", ...FAST], /invisible[\s\S]*U\+200B/],
    [[...FAST, "--", "-x"], /starts with "-"/],
    [["conftest", ...FAST], /"conftest" is a name pytest gives a meaning of its own/],
    [["x", ...FAST, "--name", "My\u200DShop"], /--name contains an invisible/],
    [["x", ...FAST, "--license", "GPL-3.0"], /--license must be one of: MIT, Apache-2.0, none/],
  ])("%j", async (args, message) => {
    const cwd = await scratch();
    const { exitCode, stderr, stdout } = await cli(args as string[], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message as RegExp);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(stdout).toBe("");
    expect(await readdir(cwd)).toEqual([]);
  });

  it("--json errors are one JSON document on stdout", async () => {
    const { exitCode, stdout } = await cli(["x", "-t", "nope", "--json"]);
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { kind: "usage", message: 'Unknown template "nope".' } });
  });
});

describe("generation", () => {
  it("--dry-run prints the plan and writes nothing", async () => {
    const cwd = await scratch();
    const { exitCode, stdout } = await cli(["my-app", ...FAST, "--dry-run", "--json"], { cwd });
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.files).toContainEqual({ path: "pyproject.toml", action: "render" });
    expect(plan.steps.map((s: { id: string }) => s.id)).toEqual(["files", "git"]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("--json writes the project, commits it and reports one JSON document", async () => {
    const cwd = await scratch();
    const { exitCode, stdout, stderr } = await cli(["my-app", ...FAST, "--json", "--author", "Ada"], { cwd });
    expect(exitCode, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, template: "fixture-app", directory: path.join(cwd, "my-app") });
    expect(report.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(["files:done", "git:done"]);
    expect(report.steps.every((s: { ms: number }) => Number.isInteger(s.ms))).toBe(true);
    expect(report.next[0]).toBe("cd my-app");
    for (const file of report.files) expect(await exists(path.join(cwd, "my-app", file))).toBe(true);
    const log = execFileSync("git", ["log", "--format=%s"], { cwd: path.join(cwd, "my-app"), encoding: "utf8" });
    expect(log.trim()).toBe("Initial commit from create-backend-project (fixture-app)");
    const tracked = execFileSync("git", ["ls-files"], { cwd: path.join(cwd, "my-app"), encoding: "utf8" }).split("\n");
    expect(tracked).toContain(".create-backend-project.json");
    expect(tracked).not.toContain(".env");
    // Committed in the staging folder and moved with it: the repository must not notice.
    const git = (args: string[]) => execFileSync("git", args, { cwd: path.join(cwd, "my-app"), encoding: "utf8" }).trim();
    expect(git(["status", "--porcelain", "--ignored=no"])).toBe("");
    expect(git(["symbolic-ref", "--short", "HEAD"])).toBe("main");
    expect(git(["rev-parse", "--show-toplevel"])).toBe(path.join(cwd, "my-app"));
    // The pristine render stays reachable for update, whatever the user's branches do.
    expect(git(["rev-parse", "refs/create-backend-project/base"])).toBe(git(["rev-parse", "HEAD"]));
  });

  it("--force with git commits in the existing folder itself and keeps the user's files", async () => {
    const cwd = await scratch();
    await mkdir(path.join(cwd, "mine"));
    await writeFile(path.join(cwd, "mine", "notes.txt"), "keep me");
    const { exitCode, stderr } = await cli(["mine", ...FAST, "--force"], { cwd });
    expect(exitCode, stderr).toBe(0);
    const git = (args: string[]) => execFileSync("git", args, { cwd: path.join(cwd, "mine"), encoding: "utf8" }).trim();
    expect(git(["log", "--format=%s"])).toBe("Initial commit from create-backend-project (fixture-app)");
    expect(git(["ls-files"]).split("\n")).toContain("pyproject.toml");
    expect(await readFile(path.join(cwd, "mine", "notes.txt"), "utf8")).toBe("keep me");
  });

  it("replays a project's answers file into a new project", async () => {
    const cwd = await scratch();
    const first = await cli(["one", ...FAST, "--db", "postgres", "--no-docker", "--author", "Ada"], { cwd });
    expect(first.exitCode, first.stderr).toBe(0);
    const recordFile = path.join(cwd, "one", ".create-backend-project.json");
    const second = await cli(["two", "--answers", recordFile, "--yes", "--no-venv"], { cwd });
    expect(second.exitCode, second.stderr).toBe(0);
    const [one, two] = await Promise.all([recordFile, path.join(cwd, "two", ".create-backend-project.json")].map(async (f) => JSON.parse(await readFile(f, "utf8"))));
    // The same answers and template; the names are the new folder's.
    expect({ ...two, names: undefined }).toEqual({ ...one, names: undefined });
    expect(two.names).toEqual({ name: "Two", slug: "two", packageName: "two" });
    expect(one.templateDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await exists(path.join(cwd, "two", "DATABASE.txt"))).toBe(true);
    expect(await exists(path.join(cwd, "two", "Dockerfile"))).toBe(false);
  });

  it("flags override the answers file", async () => {
    const cwd = await scratch();
    const answers = path.join(cwd, "answers.json");
    await writeFile(answers, JSON.stringify({ template: "fixture-app", answers: { options: { docker: false } } }));
    const { exitCode } = await cli(["p", "--answers", answers, "--docker", "--yes", "--no-venv", "--no-git"], { cwd });
    expect(exitCode).toBe(0);
    expect(await exists(path.join(cwd, "p", "Dockerfile"))).toBe(true);
  });

  it("accepts an answers file saved with a UTF-8 byte-order mark (Windows Notepad)", async () => {
    const cwd = await scratch();
    await writeFile(path.join(cwd, "bom.json"), `\uFEFF${JSON.stringify({ template: "fixture-app", answers: { options: { docker: false } } })}`);
    const { exitCode, stderr } = await cli(["p", "--answers", "bom.json", "--yes", "--no-venv", "--no-git"], { cwd });
    expect(exitCode, stderr).toBe(0);
    expect(await exists(path.join(cwd, "p", "Dockerfile"))).toBe(false);
  });

  it.each([
    ["proto.json", '{"template": "fixture-app", "answers": {"options": {"__proto__": {"docker": false}}}}', /"options\.__proto__" in --answers [^ ]*proto\.json is not an option of fixture-app/],
    ["missing.json", null, /cannot read it/],
    ["bad.json", "{", /not valid JSON/],
    ["unknown.json", JSON.stringify({ answers: { colour: "red" } }), /unknown answers colour/],
    ["wrongtype.json", JSON.stringify({ answers: { options: { docker: "yes" } } }), /"options\.docker" in --answers wrongtype\.json must be true or false/],
  ])("rejects the answers file %s", async (name, content, message) => {
    const cwd = await scratch();
    if (content !== null) await writeFile(path.join(cwd, name), content);
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--answers", name, "--yes", "--no-venv"], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(await exists(path.join(cwd, "p"))).toBe(false);
  });

  it("a ${HOME} in the name reaches the app through .env unexpanded (read by python-dotenv itself)", async () => {
    const cwd = await scratch();
    const name = "Shop ${HOME} $USER ${NOPE:-x} back\\slash";
    const { exitCode, stderr } = await cli(["shop", "-t", "fastapi-ecommerce", "--yes", "--no-venv", "--no-git", "--name", name], { cwd, templates: null });
    expect(exitCode, stderr).toBe(0);
    const reader = "import json, sys\nfrom dotenv import dotenv_values\nsys.stdout.write(json.dumps(dotenv_values(sys.argv[1])))";
    const read = execFileSync("uv", ["run", "--no-project", "--quiet", "--with", "python-dotenv>=1,<2", "python", "-c", reader, path.join(cwd, "shop", ".env")], {
      encoding: "utf8",
    });
    expect(JSON.parse(read).APP_NAME).toBe(name);
  });

  it("refuses a non-empty directory and leaves it untouched", async () => {
    const cwd = await scratch();
    await mkdir(path.join(cwd, "taken"));
    await writeFile(path.join(cwd, "taken", "notes.txt"), "mine");
    const { exitCode, stderr } = await cli(["taken", ...FAST], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/is not empty[\s\S]*--force/);
    expect(await readdir(path.join(cwd, "taken"))).toEqual(["notes.txt"]);
  });

  it("--force lists conflicts and writes nothing, or adds the project beside the user's files", async () => {
    const cwd = await scratch();
    await mkdir(path.join(cwd, "mine"));
    await writeFile(path.join(cwd, "mine", "README.md"), "my readme");
    const refused = await cli(["mine", ...FAST, "--force"], { cwd });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/Not added beside the existing files: 1 path[\s\S]*README.md/);
    expect(await readdir(path.join(cwd, "mine"))).toEqual(["README.md"]);

    await rm(path.join(cwd, "mine", "README.md"));
    await writeFile(path.join(cwd, "mine", "notes.txt"), "keep me");
    const { exitCode } = await cli(["mine", ...FAST, "--force", "--no-git"], { cwd });
    expect(exitCode).toBe(0);
    expect(await readFile(path.join(cwd, "mine", "notes.txt"), "utf8")).toBe("keep me");
    expect(await exists(path.join(cwd, "mine", "pyproject.toml"))).toBe(true);
  });

  it("two runs into the same directory at once: one wins, the other fails cleanly", async () => {
    const cwd = await scratch();
    const [a, b] = await Promise.all([
      cli(["same", ...FAST, "--no-git", "--description", "from A"], { cwd }),
      cli(["same", ...FAST, "--no-git", "--description", "from B"], { cwd }),
    ]);
    expect([a.exitCode, b.exitCode].sort()).toEqual([0, 2]);
    const winner = a.exitCode === 0 ? "from A" : "from B";
    expect(await readFile(path.join(cwd, "same", "pyproject.toml"), "utf8")).toContain(`description = "${winner}"`);
    expect((await readdir(cwd)).filter((n) => n.startsWith("."))).toEqual([]);
  });
});

describe("install progress", () => {
  it("--verbose streams the installer's output to stderr; --json stays one JSON document on stdout", async () => {
    const cwd = await scratch();
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--json", "--verbose"], { cwd });
    expect(exitCode, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.installer, "uv is on PATH (the test set-up provisions it)").toBe("uv");
    expect(report.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(["files:done", "venv:done", "install:done"]);
    // uv's own words, streamed between the step's start and end lines.
    expect(stderr).toMatch(/→ Install the project with its dev tools…\n(  │ .+\n)*  │ .*(Installed|Audited) \d+ package[\s\S]*✔ Install the project/);
  });

  it("without --verbose, a log gets the step lines only", async () => {
    const cwd = await scratch();
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--json"], { cwd });
    expect(exitCode, stderr).toBe(0);
    expect(JSON.parse(stdout).ok).toBe(true);
    expect(stderr).not.toContain("│");
    expect(stderr).toMatch(/→ Install the project with its dev tools…\n✔ Install the project/);
  });
});

describe("licence", () => {
  const year = new Date().getFullYear();
  const generate = async (args: string[]) => {
    const cwd = await scratch();
    const { exitCode, stderr } = await cli(["p", "-t", "flask-task-api", "--yes", "--no-venv", "--no-git", ...args], { cwd, templates: null });
    expect(exitCode, stderr).toBe(0);
    const project = path.join(cwd, "p");
    const pyproject = parseToml(await readFile(path.join(project, "pyproject.toml"), "utf8")) as { project: { license?: string } };
    const license = await readFile(path.join(project, "LICENSE"), "utf8").catch(() => undefined);
    return { license, spdx: pyproject.project.license };
  };

  it("is MIT by default, with the year and the author filled in", async () => {
    const { license, spdx } = await generate(["--author", "Zoë O'Brien"]);
    expect(spdx).toBe("MIT");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Zoë O'Brien\n/);
    expect(license).toContain(`Copyright (c) ${year} Zoë O'Brien`);
  });

  it("--license Apache-2.0 writes the Apache text; without an author it names the project's authors", async () => {
    const { license, spdx } = await generate(["--license", "Apache-2.0"]);
    expect(spdx).toBe("Apache-2.0");
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004/);
    expect(license).toContain(`Copyright ${year} the P authors`);
    expect(license).not.toContain("{{");
  });

  it("--license none writes no LICENSE and no licence in pyproject.toml", async () => {
    const { license, spdx } = await generate(["--license", "none"]);
    expect(license).toBeUndefined();
    expect(spdx).toBeUndefined();
  });
});

describe("what the summary says", () => {
  const dryRun = async (args: string[]) => {
    const { exitCode, stdout, stderr } = await cli([...args, "--yes", "--dry-run", "--json"], { cwd: await scratch(), templates: null });
    expect(exitCode, stderr).toBe(0);
    return JSON.parse(stdout).next as string[];
  };

  it.each(["django-blog", "flask-task-api", "auth-microservice"])("%s with --db postgres says to create the database before migrating", async (template) => {
    const next = await dryRun(["my-app", "-t", template, "--db", "postgres"]);
    const createdb = next.findIndex((c) => c.startsWith("createdb -h localhost -U postgres my_app"));
    expect(createdb, next.join("\n")).toBeGreaterThan(0);
    expect(createdb).toBeLessThan(next.findIndex((c) => /migrate|upgrade/.test(c)));
    expect(await dryRun(["my-app", "-t", template, "--db", "sqlite"])).not.toContainEqual(expect.stringMatching(/^createdb/));
  });

  it("the auth service says it needs Redis", async () => {
    expect((await dryRun(["my-app", "-t", "auth-microservice"])).join("\n")).toMatch(/needs Redis running at REDIS_URL/);
  });

  it("names the project with known words spelled as people write them", async () => {
    const cwd = await scratch();
    const { exitCode, stdout } = await cli(["fastapi-ecommerce", "-t", "fixture-app", "--yes", "--no-venv", "--no-git"], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Done. FastAPI E-commerce (fixture-app)");
  });

  it("a folder holding only .git (a fresh clone) and OS files counts as empty", async () => {
    const cwd = await scratch();
    execFileSync("git", ["init", "--quiet", path.join(cwd, "clone")]);
    await writeFile(path.join(cwd, "clone", ".DS_Store"), "");
    await writeFile(path.join(cwd, "clone", "Thumbs.db"), "");
    const { exitCode, stderr } = await cli(["clone", ...FAST, "--no-git"], { cwd });
    expect(exitCode, stderr).toBe(0);
    expect(await exists(path.join(cwd, "clone", "pyproject.toml"))).toBe(true);
    expect(await exists(path.join(cwd, "clone", ".git", "HEAD"))).toBe(true);
  });
});

describe("git", () => {
  it("without a git identity, stages the files, skips the commit and says how to finish", async () => {
    const cwd = await scratch();
    const home = await scratch();
    const env = { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: path.join(home, "none") };
    const { exitCode, stderr } = await cli(["p", ...FAST], { cwd, env });
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/no user identity[\s\S]*git config --global user.name/);
    const staged = execFileSync("git", ["diff", "--cached", "--name-only"], { cwd: path.join(cwd, "p"), encoding: "utf8", env: { ...process.env, ...env } });
    expect(staged).toContain("pyproject.toml");
  });

  it("without git on PATH, warns and still creates the project", async () => {
    const cwd = await scratch();
    const emptyBin = await scratch();
    const { exitCode, stderr } = await cli(["p", ...FAST], { cwd, env: { PATH: emptyBin } });
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/git is not on PATH/);
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
    expect(await exists(path.join(cwd, "p", ".git"))).toBe(false);
  });
});

describe("python", () => {
  async function fakePython(version: string): Promise<string> {
    const bin = await scratch();
    for (const name of ["python3", "python", "python3.11", "python3.12", "python3.13", "python3.14"]) {
      await writeFile(path.join(bin, name), `#!/bin/sh\necho ${version}\necho /fake/${name}\n`);
      await chmod(path.join(bin, name), 0o755);
    }
    return bin;
  }

  it("refuses, before writing anything, when only an old Python is found", async () => {
    const cwd = await scratch();
    const bin = await fakePython("3.8");
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/No Python 3.11 or newer was found \(python3.14 is 3.8/);
    expect(stderr).toMatch(/--no-venv/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("probes interpreters together but takes the newest, however slow it answers", async () => {
    const cwd = await scratch();
    const bin = await scratch();
    const real = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
    const sleep = execFileSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).trim();
    // python3.12 answers last; python3.11 at once. Both can create the venv (by exec'ing the real one).
    const fake = (name: string, version: string, delay: string) =>
      `#!/bin/sh\ncase "$*" in *version_info*) ${sleep} ${delay}; echo ${version}; echo ${path.join(bin, name)}; exit 0;; esac\nexec ${real} "$@"\n`;
    await writeFile(path.join(bin, "python3.12"), fake("python3.12", "3.12", "0.4"));
    await writeFile(path.join(bin, "python3.11"), fake("python3.11", "3.11", "0"));
    for (const name of ["python3.12", "python3.11"]) await chmod(path.join(bin, name), 0o755);
    const { exitCode, stdout } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--no-install", "--json"], {
      cwd,
      env: { PATH: bin },
    });
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout).python).toBe(path.join(bin, "python3.12"));
    expect(await exists(path.join(cwd, "p", ".venv", "bin", "python"))).toBe(true);
  });

  it("refuses a --python that is not Python", async () => {
    const cwd = await scratch();
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--python", "/bin/true"], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--python \/bin\/true is not a working Python interpreter/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("an install that cannot reach the index keeps the files, shows the failing command and exits 1", async () => {
    const cwd = await scratch();
    const python = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
    // PATH without uv, so the venv + pip path runs; the index is a closed local port.
    const bin = await scratch();
    for (const tool of ["git", "python3"]) {
      const real = execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
      await execa("ln", ["-s", tool === "python3" ? python : real, path.join(bin, tool)]);
    }
    const env = {
      PATH: bin,
      PIP_CONFIG_FILE: "/dev/null",
      PIP_FIND_LINKS: "",
      PIP_EXTRA_INDEX_URL: "",
      PIP_INDEX_URL: "http://127.0.0.1:9/simple",
      PIP_RETRIES: "0",
      PIP_TIMEOUT: "2",
      PIP_NO_CACHE_DIR: "1",
    };
    const { exitCode, stdout } = await cli(["p", "-t", "fixture-app", "--yes", "--json"], { cwd, env });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.installer).toBe("pip");
    expect(report.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
      "files:done",
      "git:done",
      "venv:done",
      "install:failed",
    ]);
    expect(report.error).toMatchObject({ kind: "step", step: "install" });
    expect(report.error.command).toBe(`${path.join(cwd, "p", ".venv", "bin", "python")} -m pip install -e ".[dev]"`);
    expect(report.error.output.length).toBeGreaterThan(0);
    expect(report.error.hint).toMatch(/pip install -e/);
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
  });
});

describe("Ctrl-C", () => {
  it("during venv creation exits 130, keeps the written project and names the step", async () => {
    const cwd = await scratch();
    // A python3.14 (the first candidate, before /usr/bin's) whose venv step says it
    // started (a file appears) and hangs, so the interrupt lands inside it.
    const bin = await scratch();
    const self = path.join(bin, "python3.14");
    const marker = path.join(bin, "venv-started");
    const real = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
    await writeFile(
      self,
      `#!/bin/sh\ncase "$*" in *version_info*) echo 3.14; echo ${self}; exit 0;; esac\nif [ "$1" = "-m" ] && [ "$2" = "venv" ]; then : > ${marker}; exec sleep 30; fi\nexec ${real} "$@"\n`,
    );
    await chmod(self, 0o755);
    const venvStarted = new Promise<void>((resolve) => {
      const watcher = watch(bin, (_event, name) => {
        if (name === "venv-started") {
          watcher.close();
          resolve();
        }
      });
    });
    const child = execa(process.execPath, [BIN, "p", "-t", "fixture-app", "--yes", "--no-git"], {
      cwd,
      reject: false,
      env: { CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES, PATH: `${bin}:/usr/bin:/bin` },
    });
    await venvStarted;
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toMatch(/Interrupted during venv/);
    expect(String(result.stdout)).toMatch(/the "venv" step was interrupted/);
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
  });
});
