import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Tree } from "../../src/domain/merge.js";
import { checkTarget, discardProject, placeProject, stageProject, writeProject } from "../../src/effects/projectWriter.js";
import { CancelledError, UserError } from "../../src/errors.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const text = (content: string, mode = 0o644) => ({ bytes: new TextEncoder().encode(content), mode });
const files: Tree = new Map([
  ["README.md", text("# hi\n")],
  ["src/app/__init__.py", text("")],
  ["src/app/main.py", text("print('x')\n")],
]);

const scratch = scratchFolders("writer");

describe("writeProject", () => {
  it("creates missing parents and the project, leaving no staging folder", async () => {
    const root = await scratch();
    const target = path.join(root, "a", "b", "proj");
    await writeProject(target, files, { force: false });
    expect(await readFile(path.join(target, "src/app/main.py"), "utf8")).toBe("print('x')\n");
    expect(await readdir(path.join(root, "a", "b"))).toEqual(["proj"]);
    expect((await stat(target)).mode & 0o777).toBe(0o755);
  });

  it("fills an existing empty folder", async () => {
    const target = path.join(await scratch(), "empty");
    await mkdir(target);
    await writeProject(target, files, { force: false });
    expect((await readdir(target)).sort()).toEqual(["README.md", "src"]);
  });

  it("refuses a non-empty folder without --force and leaves it untouched", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    await expect(writeProject(target, files, { force: false })).rejects.toThrow(/is not empty/);
    expect(await readdir(target)).toEqual(["notes.txt"]);
  });

  it("with --force adds the project beside the user's files", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    await writeProject(target, files, { force: true });
    expect((await readdir(target)).sort()).toEqual(["README.md", "notes.txt", "src"]);
    expect(await readFile(path.join(target, "notes.txt"), "utf8")).toBe("mine");
  });

  it("with --force lists every conflict and writes nothing", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "README.md"), "mine");
    await writeFile(path.join(target, "src"), "a file where a folder must go");
    const error = await writeProject(target, files, { force: true }).catch((e: unknown) => e);
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
    await expect(checkTarget(target, [...files.keys()], false)).rejects.toThrow(/is not a folder/);
  });

  it("removes everything it created when a file cannot be written", async () => {
    const root = await scratch();
    const target = path.join(root, "new", "proj");
    // A file where the tree also needs a folder: its write fails after others succeeded.
    const broken: Tree = new Map([...files, ["README.md/inside", text("x")]]);
    await expect(writeProject(target, broken, { force: false })).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });

  it("stages every file and places none until told; a discarded project leaves nothing", async () => {
    const root = await scratch();
    const target = path.join(root, "a", "proj");
    const staged = await stageProject(target, files, { force: false });
    // The staging folder sits beside the target, complete, and is to become it whole.
    expect(path.dirname(staged.folder)).toBe(path.join(root, "a"));
    expect(staged.movesWhole).toBe(true);
    expect((await readdir(staged.folder, { recursive: true })).sort()).toEqual(["README.md", "src", "src/app", "src/app/__init__.py", "src/app/main.py"]);
    expect(await readdir(path.join(root, "a"))).toEqual([path.basename(staged.folder)]);
    await discardProject(staged);
    expect(await readdir(root)).toEqual([]);
  });

  it("writes each file with the tree's mode", async () => {
    const target = path.join(await scratch(), "proj");
    await writeProject(target, new Map([["run.sh", text("#!/bin/sh\n", 0o755)], [".env", text("S=1\n", 0o600)]]), { force: false });
    expect((await stat(path.join(target, "run.sh"))).mode & 0o777).toBe(0o755);
    expect((await stat(path.join(target, ".env"))).mode & 0o777).toBe(0o600);
  });

  it("says the staging folder will not move whole when the target already exists", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    const staged = await stageProject(target, files, { force: true });
    expect(staged.movesWhole).toBe(false);
    await placeProject(staged);
    expect((await readdir(target)).sort()).toEqual(["README.md", "notes.txt", "src"]);
  });

  it("stages inside an existing empty target, so the move never leaves its file system", async () => {
    const target = path.join(await scratch(), "empty");
    await mkdir(target);
    const staged = await stageProject(target, files, { force: false });
    await mkdir(path.join(staged.folder, ".git"));
    expect(path.dirname(staged.folder)).toBe(target);
    expect(staged.movesWhole, "what is made in the staging folder arrives with the files").toBe(true);
    await placeProject(staged);
    expect((await readdir(target)).sort()).toEqual([".git", "README.md", "src"]);
  });

  it("writes many files, and one that cannot be written leaves nothing", async () => {
    const root = await scratch();
    const target = path.join(root, "proj");
    const many: Tree = new Map([
      ...Array.from({ length: 200 }, (_, i) => [`pkg/m${String(i).padStart(3, "0")}.py`, text(`N = ${i}\n`)] as const),
      ["pkg/m050.py/x", text("")],
    ]);
    await expect(writeProject(target, many, { force: false })).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });

  it("removes everything it created when interrupted, staging or placing", async () => {
    const root = await scratch();
    const controller = new AbortController();
    controller.abort();
    const error = await writeProject(path.join(root, "proj"), files, { force: false, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(await readdir(root)).toEqual([]);

    const later = new AbortController();
    const staged = await stageProject(path.join(root, "new", "proj"), files, { force: false, signal: later.signal });
    later.abort();
    await expect(placeProject(staged, { signal: later.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(await readdir(root)).toEqual([]);
  });

  it("rolls back files it already placed with --force when another writer got there first", async () => {
    const target = await scratch();
    await writeFile(path.join(target, "notes.txt"), "mine");
    const staged = await stageProject(target, files, { force: true });
    // Another process writes a path this run is about to place.
    await mkdir(path.join(target, "src", "app"), { recursive: true });
    await writeFile(path.join(target, "src/app/main.py"), "theirs");
    await expect(placeProject(staged)).rejects.toThrow(/appeared in/);
    expect(await readFile(path.join(target, "src/app/main.py"), "utf8")).toBe("theirs");
    expect((await readdir(target)).sort()).toEqual(["notes.txt", "src"]);
    expect(await readdir(path.join(target, "src", "app"))).toEqual(["main.py"]);
  });
});
