import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRegistry } from "../../src/core/registry.js";
import type { SecretValue } from "../../src/effects/secrets.js";
import { renderTemplate } from "../helpers/generate.js";
import { FIXTURE_TEMPLATES, TEMPLATES } from "../helpers/paths.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("secrets");

/** The strings that must never be committed: a token, or the body lines of a private key. */
function secretStrings(values: Record<string, SecretValue>): string[] {
  return Object.values(values).flatMap((v) =>
    typeof v === "string" ? [v] : v.privateKey.split("\n").filter((line) => line.length > 40),
  );
}

const templates = [
  ...(await loadRegistry(FIXTURE_TEMPLATES)).templates.map((m) => [FIXTURE_TEMPLATES, m] as const),
  ...(await loadRegistry(TEMPLATES)).templates.map((m) => [TEMPLATES, m] as const),
];

describe.each(templates.map(([dir, m]) => [m.id, dir, m] as const))("secrets of %s", (_id, templatesDir, manifest) => {
  it.runIf(Object.keys(manifest.secrets).length > 0)("are fresh per project and land only in git-ignored files", async () => {
    const dir = await scratch();
    const first = await renderTemplate(templatesDir, manifest.id, {}, path.join(dir, "first-project"));
    const second = await renderTemplate(templatesDir, manifest.id, {}, path.join(dir, "second-project"));
    const a = secretStrings(first.secretValues);
    const b = secretStrings(second.secretValues);
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((s) => b.includes(s)), "secrets shared by two projects").toEqual([]);

    const root = first.target;
    execFileSync("git", ["init", "--quiet"], { cwd: root });
    execFileSync("git", ["add", "--all"], { cwd: root });
    const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    expect(tracked).toContain(".env.example");
    expect(tracked).not.toContain(".env");
    const leaks: string[] = [];
    for (const file of tracked) {
      const content = await readFile(path.join(root, file), "utf8").catch(() => "");
      if (a.some((secret) => content.includes(secret))) leaks.push(file);
    }
    expect(leaks, "committed files containing a secret").toEqual([]);
    const ignored = first.files.map((f) => f.path).filter((p) => !tracked.includes(p));
    const ignoredText = (await Promise.all(ignored.map((p) => readFile(path.join(root, p), "utf8")))).join("\n");
    expect(a.filter((secret) => !ignoredText.includes(secret)), "secrets written nowhere (a template that asks for one uses it)").toEqual([]);
  });
});
