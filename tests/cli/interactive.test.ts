import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/generate.js";
import { BIN, FIXTURE_TEMPLATES, ROOT } from "../helpers/paths.js";

const DRIVER = path.join(ROOT, "tests", "helpers", "pty_drive.py");
const ENTER = "\r";
const CTRL_C = "\x03";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Types `script` into the CLI running on a real terminal. */
async function drive(script: Array<[string, string]>, args: string[]): Promise<{ exit: number; output: string; cwd: string }> {
  const cwd = await tempDir("tty");
  dirs.push(cwd);
  const { stdout } = await execa("python3", [DRIVER, JSON.stringify(script), "--", process.execPath, BIN, ...args], {
    cwd,
    env: { CREATE_BACKEND_PROJECT_TEMPLATES: FIXTURE_TEMPLATES, TERM: "xterm" },
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
        ["Create Fixture App", `y${ENTER}`],
      ],
      ["--no-venv", "--no-git"],
    );
    expect(exit, output).toBe(0);
    expect(output).toContain("Done.");
    const files = await readdir(path.join(cwd, "my-tty-app"));
    expect(files).toContain("DATABASE.txt");
    expect(files).not.toContain("Dockerfile");
  });

  it("asks only what the flags left open", async () => {
    const { exit, output } = await drive([["Create Fixture App", `y${ENTER}`]], ["flagged", "-t", "fixture-app", "--db", "sqlite", "--docker", "--no-venv", "--no-git"]);
    expect(exit, output).toBe(0);
    expect(output).not.toContain("Which project");
    expect(output).not.toContain("Database");
  });

  it.each([
    ["the template prompt", [["Which project", CTRL_C]]],
    ["the directory prompt", [["Which project", ENTER], ["Project directory", CTRL_C]]],
    ["the confirmation", [["Which project", ENTER], ["Project directory", ENTER], ["Database", ENTER], ["Dockerfile", ENTER], ["Create Fixture App", CTRL_C]]],
  ] as Array<[string, Array<[string, string]>]>)("Ctrl-C at %s exits 130 and leaves nothing", async (_where, script) => {
    const { exit, output, cwd } = await drive(script, ["--no-venv", "--no-git"]);
    expect(exit, output).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
  });

  it("declining the confirmation exits 130 and writes nothing", async () => {
    const { exit, cwd } = await drive([["Create Fixture App", `n${ENTER}`]], ["p", "-t", "fixture-app", "--db", "sqlite", "--docker", "--no-venv"]);
    expect(exit).toBe(130);
    expect(await stat(path.join(cwd, "p")).catch(() => "absent")).toBe("absent");
  });
});
