import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("python");
const sh = (command: string) => execFileSync("sh", ["-c", command], { encoding: "utf8" }).trim();
const realPython = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
const realVersion = execFileSync(realPython, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" }).trim();
const realGit = sh("command -v git");
const uv = sh("command -v uv || true");
// An old system python3 (Ubuntu 22.04, Debian 11, macOS): pyenv's 3.8 where there is one,
// else a stand-in that answers like Python 3.8.
const pyenvRoot = sh("pyenv root 2>/dev/null || true");
const python38 = pyenvRoot ? path.join(pyenvRoot, "versions", "3.8.18", "bin", "python3.8") : "";

async function binWith(links: Record<string, string>): Promise<string> {
  const bin = await scratch();
  for (const [name, target] of Object.entries(links)) await symlink(target, path.join(bin, name));
  return bin;
}

/** A uv-managed Python, as `uv python install` leaves it: the real interpreter, linked into uv's layout. */
async function uvManagedPython(): Promise<{ dir: string; executable: string }> {
  const dir = await scratch();
  const bin = path.join(dir, `cpython-${realVersion}.0-linux-x86_64-gnu`, "bin");
  await mkdir(bin, { recursive: true });
  for (const name of [`python${realVersion}`, "python3", "python"]) await symlink(realPython, path.join(bin, name));
  return { dir, executable: path.join(bin, `python${realVersion}`) };
}

const venvVersion = (project: string) =>
  execFileSync(path.join(project, ".venv", "bin", "python"), ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" }).trim();

describe.skipIf(process.platform !== "linux" || !uv || !existsSync(python38))("an old python3 with uv installed", () => {
  it("lets uv find a suitable Python instead of refusing", async () => {
    const cwd = await scratch();
    const managed = await uvManagedPython();
    const bin = await binWith({ python3: python38, uv, git: realGit });
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--no-install", "--json"], {
      cwd,
      env: { PATH: bin, UV_PYTHON_INSTALL_DIR: managed.dir, UV_PYTHON_DOWNLOADS: "never" },
    });
    expect(exitCode, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.installer).toBe("uv");
    expect(report.python).toBe(managed.executable);
    expect(venvVersion(path.join(cwd, "p"))).toBe(realVersion);
  });

  it("--python <version> is found through uv when no python3.x of that version is on PATH", async () => {
    const cwd = await scratch();
    const managed = await uvManagedPython();
    const bin = await binWith({ python3: python38, uv, git: realGit });
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--no-install", "--json", "--python", realVersion], {
      cwd,
      env: { PATH: bin, UV_PYTHON_INSTALL_DIR: managed.dir },
    });
    expect(exitCode, stderr).toBe(0);
    expect(JSON.parse(stdout).python).toBe(managed.executable);
  });

  it("when uv cannot install one either: exit 3 (this machine lacks it) before writing, with uv's reason and how to retry", async () => {
    const cwd = await scratch();
    const bin = await binWith({ python3: python38, uv, git: realGit });
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git"], {
      cwd,
      env: {
        PATH: bin,
        UV_PYTHON_INSTALL_DIR: await scratch(),
        UV_PYTHON_INSTALL_MIRROR: "http://127.0.0.1:9/python",
        UV_NO_CACHE: "1",
      },
    });
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/No Python 3\.11 or newer was found \(python3 is 3\.8\), and uv could not install one/);
    expect(stderr).toMatch(/uv python install 3\.11/);
    expect(stderr).not.toMatch(/or install uv/);
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe("--python", () => {
  it("accepts a version: python3.x on PATH, without uv", async () => {
    const cwd = await scratch();
    const bin = await binWith({ [`python${realVersion}`]: realPython, git: realGit });
    const { exitCode, stdout, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git", "--no-install", "--json", "--python", realVersion], {
      cwd,
      env: { PATH: bin },
    });
    expect(exitCode, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.installer).toBe("pip");
    expect(venvVersion(path.join(cwd, "p"))).toBe(realVersion);
  });

  it("refuses a version older than the template's minimum, before writing", async () => {
    const cwd = await scratch();
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--python", "3.8"], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--python 3\.8: this template needs Python 3\.11 or newer/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("a version that is nowhere, without uv: the hint says to install it or uv", async () => {
    const cwd = await scratch();
    const bin = await binWith({ git: realGit });
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--python", "3.99"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/Python 3\.99 was asked for, but there is no working python3\.99 on PATH[\s\S]*Install Python 3\.99 \(or uv/);
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe("an old python3 without uv", () => {
  it("the hint offers uv as well as a newer Python", async () => {
    const cwd = await scratch();
    const bin = await scratch();
    // A stand-in old interpreter: the search only asks it for its version.
    const { writeFile, chmod } = await import("node:fs/promises");
    await writeFile(path.join(bin, "python3"), `#!/bin/sh\necho 3.8\necho ${path.join(bin, "python3")}\n`);
    await chmod(path.join(bin, "python3"), 0o755);
    const { exitCode, stderr } = await cli(["p", "-t", "fixture-app", "--yes", "--no-git"], { cwd, env: { PATH: bin } });
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/python3 is 3\.8[\s\S]*install uv \(it finds or installs a suitable Python\)/);
  });
});
