import { symlink } from "node:fs/promises";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("doctor");

const pyenvRoot = execFileSync("pyenv", ["root"], { encoding: "utf8" }).trim();

describe("doctor", () => {
  it("a PATH with no git, no uv and only Python 3.8: exit 1, each with its fix", async () => {
    const bin = await scratch();
    await symlink(path.join(pyenvRoot, "versions", "3.8.18", "bin", "python3.8"), path.join(bin, "python3"));
    const { exitCode, stdout } = await cli(["doctor", "--json"], { env: { PATH: bin } });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    const check = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
    expect(report.ok).toBe(false);
    expect(check("node")).toMatchObject({ status: "ok" });
    expect(check("git")).toMatchObject({ status: "missing", required: true, fix: expect.stringMatching(/git/) });
    expect(check("uv")).toMatchObject({ status: "missing", fix: expect.stringMatching(/uv/) });
    expect(check("python")).toMatchObject({ status: "wrong-version", detail: "python3 is 3.8", fix: expect.stringMatching(/uv/) });
    expect(report.pythons).toEqual([expect.objectContaining({ command: "python3", version: "3.8", status: "wrong-version", shim: false })]);
    expect(report.templates.every((t: { setUpAndTest: boolean }) => !t.setUpAndTest)).toBe(true);
  });

  it("with git and a real Python 3.12 it exits 0 and says each template can be set up here", async () => {
    const bin = await scratch();
    await symlink(path.join(pyenvRoot, "versions", "3.12.1", "bin", "python3.12"), path.join(bin, "python3.12"));
    await symlink(execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(), path.join(bin, "git"));
    const { exitCode, stdout, stderr } = await cli(["doctor"], { env: { PATH: bin } });
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/✔ Python 3\.11\+: python3\.12 is 3\.12/);
    expect(stdout).toMatch(/fixture-app +generate yes, set up and test yes/);
  });

  it("refuses an unknown doctor flag as a usage error", async () => {
    const { exitCode, stderr } = await cli(["doctor", "--nope"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--nope/);
  });
});
