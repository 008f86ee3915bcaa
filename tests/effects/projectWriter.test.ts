import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PlannedFile } from "../../src/core/plan.js";
import { checkTarget, type StagedProject, writeProject } from "../../src/effects/projectWriter.js";
import { CancelledError, StepError, UserError } from "../../src/errors.js";
import { tempDir } from "../helpers/generate.js";

const files: PlannedFile[] = [
  { path: "README.md", kind: "write", content: "# hi\n", mode: 0o644 },
  { path: "src/app/__init__.py", kind: "write", content: "", mode: 0o644 },
  { path: "src/app/main.py", kind: "write", content: "print('x')\n", mode: 0o644 },
];
const contents = async (f: PlannedFile) => (f.kind === "write" ? f.content : "");

let dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs) {
    await chmod(d, 0o755).catch(() => undefined);
    await rm(d, { recursive: true, force: true });
  }
  dirs = [];
});
const scratch = async () => {
  const d = await tempDir("writer");
  dirs.push(d);
  return d;
};

describe("writeProject", () => {
  it("creates missing parents and the project, leaving no staging folder", async () => {
    const root = await scratch();
    const target = path.join(root, "a", "b", "proj");
    await writeProject(target, files, contents, { force: false });
    expect(await readFile(path.join(target, "src/app/main.py"), "utf8")).toBe("print('x')\n");
    expect(await readdir(path.join(root, "a", "b"))).toEqual(["proj"]);
    expect((await stat(target)).mode & 0o777).toBe(0o755);
  });

  it("fills an existing empty folder", async () => {
    const target = path.join(await scratch(), "empty");
    await mkdir(target);
    await writeProject(target, files, contents, { force: false });
    expect((await readdir(target)).sort()).toEqual(["README.md", "src"]);
  });

  it("refuses a non-empty folder without --force and leaves it untouched", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    await expect(writeProject(target, files, contents, { force: false })).rejects.toThrow(/is not empty/);
    expect(await readdir(target)).toEqual(["notes.txt"]);
  });

  it("with --force adds the project beside the user's files", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    await writeProject(target, files, contents, { force: true });
    expect((await readdir(target)).sort()).toEqual(["README.md", "notes.txt", "src"]);
    expect(await readFile(path.join(target, "notes.txt"), "utf8")).toBe("mine");
  });

  it("with --force lists every conflict and writes nothing", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "README.md"), "mine");
    await writeFile(path.join(target, "src"), "a file where a folder must go");
    const error = await writeProject(target, files, contents, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/2 paths the project needs already exist/);
    expect((error as Error).message).toContain("README.md");
    expect((error as Error).message).toContain("src");
    expect(await readFile(path.join(target, "README.md"), "utf8")).toBe("mine");
    expect((await readdir(target)).sort()).toEqual(["README.md", "src"]);
  });

  it("refuses a target that is a file", async () => {
    const target = path.join(await scratch(), "file");
    await writeFile(target, "x");
    await expect(checkTarget(target, files, false)).rejects.toThrow(/is not a folder/);
  });

  it("removes everything it created when a file fails to render", async () => {
    const root = await scratch();
    const target = path.join(root, "new", "proj");
    const failing = async (f: PlannedFile) => {
      if (f.path === "src/app/main.py") throw new StepError("render broke", "files", "render", "");
      return contents(f);
    };
    await expect(writeProject(target, files, failing, { force: false })).rejects.toThrow(/render broke/);
    expect(await readdir(root)).toEqual([]);
  });

  it("writes every file before beforePlace and places none when it fails", async () => {
    const root = await scratch();
    const target = path.join(root, "a", "proj");
    let written: string[] = [];
    let seen: StagedProject | undefined;
    const failingCheck = async (staged: StagedProject) => {
      seen = staged;
      written = await readdir(staged.folder, { recursive: true });
      throw new UserError("No Python 3.11 or newer was found.");
    };
    await expect(writeProject(target, files, contents, { force: false, beforePlace: failingCheck })).rejects.toThrow(/No Python/);
    // The staging folder sat beside the target, complete, and was to become it whole.
    expect(path.dirname(seen!.folder)).toBe(path.join(root, "a"));
    expect(seen!.movesWhole).toBe(true);
    expect(written.sort()).toEqual(["README.md", "src", "src/app", "src/app/__init__.py", "src/app/main.py"]);
    expect(await readdir(root)).toEqual([]);
  });

  it("says the staging folder will not move whole when the target already exists", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    let movesWhole: boolean | undefined;
    await writeProject(target, files, contents, { force: true, beforePlace: async (staged) => void (movesWhole = staged.movesWhole) });
    expect(movesWhole).toBe(false);
    expect((await readdir(target)).sort()).toEqual(["README.md", "notes.txt", "src"]);
  });

  it("stages inside an existing empty target, so the move never leaves its file system", async () => {
    const target = path.join(await scratch(), "empty");
    await mkdir(target);
    let seen: StagedProject | undefined;
    await writeProject(target, files, contents, {
      force: false,
      beforePlace: async (staged) => {
        seen = staged;
        await mkdir(path.join(staged.folder, ".git"));
      },
    });
    expect(path.dirname(seen!.folder)).toBe(target);
    expect(seen!.movesWhole, "what is made in the staging folder arrives with the files").toBe(true);
    expect((await readdir(target)).sort()).toEqual([".git", "README.md", "src"]);
  });

  it("writes many files concurrently yet stops at the first failure and leaves nothing", async () => {
    const root = await scratch();
    const target = path.join(root, "proj");
    const many: PlannedFile[] = Array.from({ length: 200 }, (_, i) => ({
      path: `pkg/m${String(i).padStart(3, "0")}.py`,
      kind: "write" as const,
      content: `N = ${i}\n`,
      mode: 0o644,
    }));
    let started = 0;
    let running = 0;
    let peak = 0;
    const slow = async (f: PlannedFile) => {
      started++;
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      if (f.path === "pkg/m050.py") throw new StepError("render broke", "files", "render", "");
      return contents(f);
    };
    await expect(writeProject(target, many, slow, { force: false })).rejects.toThrow(/render broke/);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(16);
    expect(started).toBeLessThan(many.length);
    expect(await readdir(root)).toEqual([]);
  });

  it("removes everything it created when interrupted", async () => {
    const root = await scratch();
    const controller = new AbortController();
    const target = path.join(root, "proj");
    const abortMidway = async (f: PlannedFile) => {
      if (f.path === "src/app/__init__.py") controller.abort();
      return contents(f);
    };
    const error = await writeProject(target, files, abortMidway, { force: false, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(await readdir(root)).toEqual([]);
  });

  it("rolls back files it already placed with --force when another writer got there first", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    const racing = async (f: PlannedFile) => {
      // Another process writes a path this run is about to place.
      if (f.path === "src/app/main.py") {
        await mkdir(path.join(target, "src", "app"), { recursive: true });
        await writeFile(path.join(target, "src/app/main.py"), "theirs");
      }
      return contents(f);
    };
    await expect(writeProject(target, files, racing, { force: true })).rejects.toThrow(/appeared in/);
    expect(await readFile(path.join(target, "src/app/main.py"), "utf8")).toBe("theirs");
    expect((await readdir(target)).sort()).toEqual(["notes.txt", "src"]);
    expect(await readdir(path.join(target, "src", "app"))).toEqual(["main.py"]);
  });
});
