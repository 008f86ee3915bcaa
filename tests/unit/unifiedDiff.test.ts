import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/domain/unifiedDiff.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("udiff");

/** git applies the diff to `before` and must get `after`: the diff is a real patch, not a look-alike. */
async function appliesCleanly(before: string, after: string): Promise<string> {
  const dir = await scratch();
  await writeFile(path.join(dir, "f.txt"), before);
  await writeFile(path.join(dir, "f.patch"), unifiedDiff("f.txt", before, after));
  execFileSync("git", ["apply", "--unidiff-zero", "f.patch"], { cwd: dir });
  return execFileSync("cat", ["f.txt"], { cwd: dir, encoding: "utf8" });
}

describe("unifiedDiff", () => {
  const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

  it("is empty for equal texts", () => {
    expect(unifiedDiff("f", "a\n", "a\n")).toBe("");
  });

  it("gives one hunk with context for a change, and git applies it", async () => {
    const after = before.replace("line 10\n", "line ten\n");
    const diff = unifiedDiff("f.txt", before, after);
    expect(diff).toContain("@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n");
    expect(await appliesCleanly(before, after)).toBe(after);
  });

  it("splits far-apart changes into hunks, and git applies them", async () => {
    const after = before.replace("line 2\n", "").replace("line 25\n", "line 25\nnew\n");
    expect(unifiedDiff("f.txt", before, after).match(/^@@/gm)).toHaveLength(2);
    expect(await appliesCleanly(before, after)).toBe(after);
  });

  it("names /dev/null for an added or deleted file", () => {
    expect(unifiedDiff("n.txt", undefined, "x\n")).toBe("--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+x\n");
    expect(unifiedDiff("n.txt", "x\n", undefined)).toBe("--- a/n.txt\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n");
  });
});
