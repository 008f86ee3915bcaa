import { execFileSync } from "node:child_process";
import { chmod, mkdir, readdir, stat, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { BIN, FIXTURE_TEMPLATES } from "../helpers/paths.js";

const scratch = scratchFolders("fail");
const exists = (p: string) => stat(p).then(() => true, () => false);
const isRoot = process.getuid?.() === 0;
const realPython = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();

/** A bin folder with only the named tools, so the test controls what is on PATH. */
async function binWith(tools: Record<string, string>): Promise<string> {
  const bin = await scratch();
  for (const [name, target] of Object.entries(tools)) {
    if (target.startsWith("#!")) {
      await writeFile(path.join(bin, name), target);
      await chmod(path.join(bin, name), 0o755);
    } else await symlink(target, path.join(bin, name));
  }
  return bin;
}

describe("environment failures", () => {
  it("a parent folder that cannot be written: exit 2, permission denied, nothing written", async () => {
    // /sys refuses new folders even to root: a real read-only parent.
    const { exitCode, stderr } = await cli(["/sys/create-backend-project-test/p", "-t", "fixture-app", "--yes", "--no-venv"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/permission denied/);
    expect(await exists("/sys/create-backend-project-test")).toBe(false);
  });

  it.runIf(isRoot)("a disk that fills up midway: exit 3, and the message says nothing was written", async () => {
    const mountpoint = await scratch();
    await execa("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", mountpoint]);
    try {
      const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-venv"], { cwd: mountpoint });
      expect(exitCode).toBe(3);
      expect(stderr).toMatch(/The disk is full; nothing was written/);
      expect(await readdir(mountpoint)).toEqual([]);
    } finally {
      await execa("umount", [mountpoint]);
    }
  });

  it("a failing uv: exit 1, the venv step named with uv's own output, files kept", async () => {
    const cwd = await scratch();
    const bin = await binWith({
      python3: realPython,
      git: realGit,
      uv: `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "uv 0.0.0"; exit 0; fi\necho "uv: simulated failure" >&2\nexit 2\n`,
    });
    const { exitCode, stdout } = await cli(["p", "-t", "fixture-app", "--yes", "--json"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.installer).toBe("uv");
    expect(report.error).toMatchObject({ step: "venv", output: "uv: simulated failure" });
    expect(report.error.command).toMatch(/^uv venv/);
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
  });

  it("Ctrl-C while the files are written: exit 130, nothing left, the probe stopped", async () => {
    const cwd = await scratch();
    // The interpreter search runs during the files step and the move waits for it:
    // a python3 whose probe hangs holds the run there, with the files staged.
    const sleep = execFileSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).trim();
    const bin = await binWith({
      python3: `#!/bin/sh\ncase "$*" in *version_info*) exec ${sleep} 60;; esac\nexec ${realPython} "$@"\n`,
      git: realGit,
    });
    const started = Date.now();
    const child = execa(process.execPath, [BIN, "p", "-t", "fixture-app", "--yes"], {
      cwd,
      reject: false,
      env: { CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES, PATH: bin },
    });
    const staged = async () => (await readdir(cwd)).some((name) => name.startsWith(".p.create-backend-project-"));
    while (!(await staged()) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(await staged(), "the files were staged").toBe(true);
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toMatch(/Interrupted while writing files/);
    expect(Date.now() - started, "the hanging probe was stopped, not waited for").toBeLessThan(30_000);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("Ctrl-C during install: exit 130, project kept, the message says how to finish", async () => {
    // A package index that accepts connections and never answers keeps pip busy.
    const sockets: net.Socket[] = [];
    const index = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => index.listen(0, "127.0.0.1", resolve));
    const port = (index.address() as net.AddressInfo).port;
    try {
      const cwd = await scratch();
      const bin = await binWith({ python3: realPython, git: realGit });
      const child = execa(process.execPath, [BIN, "p", "-t", "fixture-app", "--yes"], {
        cwd,
        reject: false,
        env: {
          CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES,
          PATH: bin,
          PIP_CONFIG_FILE: "/dev/null",
          PIP_FIND_LINKS: "",
          PIP_EXTRA_INDEX_URL: "",
          PIP_INDEX_URL: `http://127.0.0.1:${port}/simple`,
          PIP_DEFAULT_TIMEOUT: "60",
        },
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Install the project")) setTimeout(() => child.kill("SIGINT"), 1000);
      });
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(String(result.stderr)).toMatch(/Interrupted during install/);
      expect(String(result.stdout)).toMatch(/the "install" step was interrupted[\s\S]*pip install -e/);
      expect(await exists(path.join(cwd, "p", ".venv"))).toBe(true);
      expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      index.close();
    }
  });
});

describe("more environment failures", () => {
  it("no Python at all: exit 3 (this machine lacks it) before writing, with the --no-venv advice", async () => {
    const cwd = await scratch();
    const bin = await binWith({ git: realGit });
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/No Python 3.11 or newer was found on PATH[\s\S]*--no-venv/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("a git command that fails: exit 1 with git's words, files kept", async () => {
    const cwd = await scratch();
    const bin = await binWith({
      git: `#!/bin/sh\nif [ "$1" = "commit" ]; then echo "fatal: simulated hook failure" >&2; exit 1; fi\nexec ${realGit} "$@"\n`,
    });
    const { exitCode, stdout } = await cli(["p", "-t", "fixture-app", "--yes", "--no-venv", "--json"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.error).toMatchObject({ step: "git", output: "fatal: simulated hook failure" });
    expect(report.next).toContain('git init && git add --all && git commit -m "Initial commit"');
    expect(await exists(path.join(cwd, "p", "pyproject.toml"))).toBe(true);
  });

  it("uv pointed at an unreachable index: exit 1 at install, files and venv kept", async () => {
    const uv = execFileSync("sh", ["-c", "command -v uv || true"], { encoding: "utf8" }).trim();
    expect(uv, "uv must be on PATH for this test (.ci/run installs it)").not.toBe("");
    const cwd = await scratch();
    const bin = await binWith({ python3: realPython, git: realGit, uv });
    const env = {
      PATH: bin,
      UV_INDEX_URL: "http://127.0.0.1:9/simple",
      UV_DEFAULT_INDEX: "http://127.0.0.1:9/simple",
      UV_NO_CACHE: "1",
    };
    const { exitCode, stdout } = await cli(["p", "-t", "fixture-app", "--yes", "--json"], { cwd, env });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.installer).toBe("uv");
    expect(report.error).toMatchObject({ step: "install" });
    expect(report.error.command).toMatch(/^uv pip install/);
    expect(await exists(path.join(cwd, "p", ".venv"))).toBe(true);
  });
});

describe("hostile directory names", () => {
  it("'../x' creates a sibling folder, as mkdir would", async () => {
    const cwd = await scratch();
    await mkdir(path.join(cwd, "inner"));
    const { exitCode } = await cli(["../sibling", "-t", "fixture-app", "--yes", "--no-venv", "--no-git"], { cwd: path.join(cwd, "inner") });
    expect(exitCode).toBe(0);
    expect(await exists(path.join(cwd, "sibling", "src", "sibling", "__init__.py"))).toBe(true);
  });

  it.each([
    ["My Blog", "my_blog"],
    ["nested/deeper/shop", "shop"],
    ["{{x}}", "x"],
    ["Café-API", "cafe_api"],
    ["UPPER", "upper"],
  ])("%j is created with package %s", async (directory, packageName) => {
    const cwd = await scratch();
    const { exitCode, stdout, stderr } = await cli([directory, "-t", "fixture-app", "--yes", "--no-venv", "--no-git", "--json"], { cwd });
    expect(exitCode, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.directory).toBe(path.join(cwd, directory));
    expect(report.files).toContain(`src/${packageName}/__init__.py`);
  });

  it("an absolute path is used as given", async () => {
    const target = path.join(await scratch(), "abs-project");
    const { exitCode } = await cli([target, "-t", "fixture-app", "--yes", "--no-venv", "--no-git"]);
    expect(exitCode).toBe(0);
    expect(await exists(path.join(target, "src", "abs_project", "__init__.py"))).toBe(true);
  });

  it.each([".", ".."])("%j names an existing non-empty folder and is refused", async (directory) => {
    const cwd = await scratch();
    await mkdir(path.join(cwd, "inner"));
    await writeFile(path.join(cwd, "inner", "mine.txt"), "x");
    const { exitCode } = await cli([directory, "-t", "fixture-app", "--yes", "--no-venv"], { cwd: path.join(cwd, "inner") });
    expect(exitCode).toBe(2);
    expect(await readdir(path.join(cwd, "inner"))).toEqual(["mine.txt"]);
  });
});
