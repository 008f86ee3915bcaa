import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { BIN, FIXTURE_TEMPLATES, ROOT } from "../helpers/paths.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const DRIVER = path.join(ROOT, "tests", "helpers", "pty_drive.py");
const ENTER = "\r";
const CTRL_C = "\x03";

const scratch = scratchFolders("tty");

/** Types `script` into the CLI running on a real terminal. */
async function drive(
  script: Array<[string, string]>,
  args: string[],
  prepare?: (cwd: string) => Promise<void>,
  env: Record<string, string> = {},
): Promise<{ exit: number; output: string; cwd: string }> {
  const cwd = await scratch();
  await prepare?.(cwd);
  const { stdout } = await execa("python3", [DRIVER, JSON.stringify(script), "--", process.execPath, BIN, ...args], {
    cwd,
    env: { CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES, TERM: "xterm", ...env },
  });
  return { ...JSON.parse(stdout), cwd };
}

describe("interactive", () => {
  it("asks for the project, directory and options, confirms, then generates", async () => {
    const { exit, output, cwd } = await drive(
      [
        ["Which project", ENTER],
        ["Project directory", `${"\x7f".repeat(20)}my-tty-app${ENTER}`],
        ["Database", `\x1b[B${ENTER}`],
        ["Dockerfile", `n${ENTER}`],
        ["License", `\x1b[B${ENTER}`], // Apache-2.0
        ["Create Fixture App", `y${ENTER}`],
      ],
      ["--no-venv", "--no-git"],
    );
    expect(exit, output).toBe(0);
    expect(output).toContain("Done.");
    const files = await readdir(path.join(cwd, "my-tty-app"));
    expect(files).toContain("DATABASE.txt");
    expect(files).not.toContain("Dockerfile");
    expect(await readFile(path.join(cwd, "my-tty-app", "LICENSE"), "utf8")).toMatch(/^\s*Apache License/);
  });

  it("asks only what the flags left open", async () => {
    const { exit, output } = await drive([["Create Fixture App", `y${ENTER}`]], ["flagged", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-venv", "--no-git"]);
    expect(exit, output).toBe(0);
    expect(output).not.toContain("Which project");
    expect(output).not.toContain("Database");
    expect(output).not.toContain("License");
  });

  it.each([
    ["the template prompt", [["Which project", CTRL_C]]],
    ["the directory prompt", [["Which project", ENTER], ["Project directory", CTRL_C]]],
    ["the confirmation", [["Which project", ENTER], ["Project directory", ENTER], ["Database", ENTER], ["Dockerfile", ENTER], ["License", ENTER], ["Create Fixture App", CTRL_C]]],
  ] as Array<[string, Array<[string, string]>]>)("Ctrl-C at %s exits 130 and leaves nothing", async (_where, script) => {
    const { exit, output, cwd } = await drive(script, ["--no-venv", "--no-git"]);
    expect(exit, output).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
  });

  const taken = async (cwd: string) => {
    await mkdir(path.join(cwd, "taken"));
    await writeFile(path.join(cwd, "taken", "notes.txt"), "mine");
  };

  it("asks about a non-empty directory as soon as it is typed; another one can be picked", async () => {
    const { exit, output, cwd } = await drive(
      [
        ["Which project", ENTER],
        ["Project directory", `${"\x7f".repeat(20)}taken${ENTER}`],
        ["is not empty (notes.txt)", ENTER], // "Pick another directory"
        ["Project directory", `${"\x7f".repeat(20)}fresh${ENTER}`],
        ["Database", ENTER],
        ["Dockerfile", ENTER],
        ["License", ENTER],
        ["Create Fixture App", `y${ENTER}`],
      ],
      ["--no-venv", "--no-git"],
      taken,
    );
    expect(exit, output).toBe(0);
    // Asked before the template's options, not after them.
    expect(output.indexOf("is not empty")).toBeLessThan(output.indexOf("Database"));
    expect(await readdir(path.join(cwd, "taken"))).toEqual(["notes.txt"]);
    expect(await readdir(path.join(cwd, "fresh"))).toContain("pyproject.toml");
  });

  it("adds the project into a non-empty directory when asked, keeping the user's files", async () => {
    const { exit, output, cwd } = await drive(
      [
        ["is not empty", `\x1b[B${ENTER}`], // "Add the project into it"
        ["Create Fixture App", `y${ENTER}`],
      ],
      ["taken", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-venv", "--no-git"],
      taken,
    );
    expect(exit, output).toBe(0);
    expect(await readFile(path.join(cwd, "taken", "notes.txt"), "utf8")).toBe("mine");
    expect(await readdir(path.join(cwd, "taken"))).toContain("pyproject.toml");
  });

  it("cancelling at the non-empty question exits 130 and leaves the folder as it was", async () => {
    const { exit, output, cwd } = await drive(
      [["is not empty", `\x1b[B\x1b[B${ENTER}`]], // "Cancel"
      ["taken", "-t", "fixture-app", "--no-venv", "--no-git"],
      taken,
    );
    expect(exit, output).toBe(130);
    expect(output).not.toContain("Database");
    expect(await readdir(path.join(cwd, "taken"))).toEqual(["notes.txt"]);
  });

  it("a folder holding only .git and OS files counts as empty: no question", async () => {
    const { exit, output, cwd } = await drive(
      [["Create Fixture App", `y${ENTER}`]],
      ["clone", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-venv", "--no-git"],
      async (dir) => {
        await mkdir(path.join(dir, "clone", ".git"), { recursive: true });
        await writeFile(path.join(dir, "clone", ".DS_Store"), "");
      },
    );
    expect(exit, output).toBe(0);
    expect(output).not.toContain("is not empty");
    expect(await readdir(path.join(cwd, "clone"))).toContain("pyproject.toml");
  });

  it("shows a warning once, not again in the summary", async () => {
    const home = await scratch();
    const { exit, output } = await drive(
      [["Create Fixture App", `y${ENTER}`]],
      ["p", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-venv"],
      undefined,
      { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: path.join(home, "none") },
    );
    expect(exit, output).toBe(0);
    expect(output.split("no user identity").length - 1, output).toBe(1);
  });

  it("shows what the install is doing: the installer's last line beside the elapsed time", async () => {
    const { exit, output } = await drive(
      [["Create Fixture App", `y${ENTER}`]],
      ["p", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-git"],
    );
    expect(exit, output).toBe(0);
    expect(output).toMatch(/… Install the project with its dev tools \(\d+s\) · \S/);
  });

  it("declining the confirmation exits 130 and writes nothing", async () => {
    const { exit, cwd } = await drive([["Create Fixture App", `n${ENTER}`]], ["p", "-t", "fixture-app", "--db", "sqlite", "--docker", "--license", "MIT", "--no-venv"]);
    expect(exit).toBe(130);
    expect(await stat(path.join(cwd, "p")).catch(() => "absent")).toBe("absent");
  });
});
