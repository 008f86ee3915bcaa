import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("mounts");
const isRoot = process.getuid?.() === 0;
const FAST = ["-t", "fixture-app", "--yes", "--no-venv"];

/** Mounts for the length of `body`: each entry is [mountpoint, mount arguments]; unmounted in reverse. */
async function withMounts(mounts: Array<[string, string[]]>, body: () => Promise<void>): Promise<void> {
  const done: string[] = [];
  try {
    for (const [point, args] of mounts) {
      await execa("mount", [...args, point]);
      if (!done.includes(point)) done.push(point); // a remount adds no mount of its own
    }
    await body();
  } finally {
    for (const point of done.reverse()) await execa("umount", [point]);
  }
}

// Mounting needs root (as in a container build); elsewhere these cases cannot be set up.
describe.runIf(isRoot)("targets that are mount points or under read-only folders", () => {
  it("an empty folder that is a mount point receives the project and its repository", async () => {
    const cwd = await scratch();
    const app = path.join(cwd, "app");
    await mkdir(app);
    await withMounts([[app, ["-t", "tmpfs", "tmpfs"]]], async () => {
      const { exitCode, stderr } = await cli(["app", ...FAST], { cwd });
      expect(exitCode, stderr).toBe(0);
      expect(await readFile(path.join(app, "pyproject.toml"), "utf8")).toContain("[project]");
      const git = (args: string[]) => execFileSync("git", args, { cwd: app, encoding: "utf8" }).trim();
      expect(git(["log", "--format=%s"])).toBe("Initial commit from create-backend-project (fixture-app)");
      expect(git(["status", "--porcelain", "--ignored=no"])).toBe("");
      expect((await readdir(app)).filter((n) => n.startsWith(".create-backend-project-"))).toEqual([]);
    });
  });

  it("--force into a mount point with the user's files adds the project beside them", async () => {
    const cwd = await scratch();
    const app = path.join(cwd, "app");
    await mkdir(app);
    await withMounts([[app, ["-t", "tmpfs", "tmpfs"]]], async () => {
      await writeFile(path.join(app, "notes.txt"), "mine");
      const { exitCode, stderr } = await cli(["app", ...FAST, "--force", "--no-git"], { cwd });
      expect(exitCode, stderr).toBe(0);
      expect(await readFile(path.join(app, "notes.txt"), "utf8")).toBe("mine");
      expect(await readFile(path.join(app, "pyproject.toml"), "utf8")).toContain("[project]");
      expect((await readdir(app)).filter((n) => n.startsWith(".create-backend-project-"))).toEqual([]);
    });
  });

  it("a writable empty folder under a read-only parent is filled; a new folder there is refused as read-only", async () => {
    const parent = await scratch();
    const app = path.join(parent, "app");
    await mkdir(app);
    // The parent becomes read-only (a read-only bind mount stops root too); app is a writable mount inside it.
    await withMounts(
      [
        [parent, ["--bind", parent]],
        [parent, ["-o", "remount,bind,ro"]],
        [app, ["-t", "tmpfs", "tmpfs"]],
      ],
      async () => {
        const filled = await cli(["app", ...FAST, "--no-git"], { cwd: parent });
        expect(filled.exitCode, filled.stderr).toBe(0);
        expect(await readFile(path.join(app, "pyproject.toml"), "utf8")).toContain("[project]");

        const refused = await cli(["other", ...FAST, "--no-git"], { cwd: parent });
        expect(refused.exitCode).toBe(2);
        expect(refused.stderr).toMatch(/read-only/);
        expect(refused.stderr).not.toMatch(/run again/);
        expect((await readdir(parent)).sort()).toEqual(["app"]);
      },
    );
  });
});
