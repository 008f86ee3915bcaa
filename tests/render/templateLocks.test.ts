import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { LOCK_FILE, REQUIREMENTS_FILE } from "../../src/core/installByHand.js";
import { loadRegistry } from "../../src/core/registry.js";
import { describeCombo, optionCombinations, renderTemplate } from "../helpers/generate.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { TEMPLATES } from "../helpers/paths.js";

const exec = promisify(execFile);

/**
 * Every shipped template carries one lock (scripts/lock.mjs), rendered with the project's
 * own name. For every option set and a project name unlike the placeholder it was locked
 * under, uv must accept it as it is (`uv lock --check`, offline: nothing re-resolved) and
 * leave it byte for byte when it locks again; the pip file must pin exactly the lock's
 * versions, each with a hash (`pip install --require-hashes` refuses anything less).
 */
const registry = await loadRegistry(TEMPLATES);
const root = await scratchFolders("locks")();

type LockPackage = { name: string; version: string; source: Record<string, string> };

const uv = (cwd: string, ...args: string[]) =>
  exec("uv", args, { cwd, env: { ...process.env, UV_OFFLINE: "1", UV_NO_PROGRESS: "1" } });

describe.each(registry.templates.map((m) => [m.id, m] as const))("%s", (id, manifest) => {
  it.each(optionCombinations(manifest).map((combo, i) => [describeCombo(combo), combo, i] as const))(
    "%s: uv accepts the rendered lock unchanged, and requirements-dev.txt pins the same versions with hashes",
    async (_label, combo, i) => {
      // Names that sort before, among and after the locked packages.
      const name = ["aaa-first-project", "my_shop", "zz-top-project"][i % 3]!;
      const target = path.join(root, `${id}-${i}`, name);
      const plan = await renderTemplate(TEMPLATES, id, combo, target);
      expect(plan.files.map((f) => f.path)).toEqual(expect.arrayContaining([LOCK_FILE, REQUIREMENTS_FILE]));

      const rendered = await readFile(path.join(target, LOCK_FILE), "utf8");
      const lock = parseToml(rendered) as { package: LockPackage[] };
      const pyproject = parseToml(await readFile(path.join(target, "pyproject.toml"), "utf8")) as { project: { name: string } };
      const own = lock.package.filter((p) => p.source.editable === ".");
      expect(own.map((p) => p.name)).toEqual([pyproject.project.name]);

      await uv(target, "lock", "--check");
      await uv(target, "lock");
      expect(await readFile(path.join(target, LOCK_FILE), "utf8"), "uv lock rewrote the rendered lock").toBe(rendered);

      const requirements = await readFile(path.join(target, REQUIREMENTS_FILE), "utf8");
      const entries = requirements.split(/\n(?=[a-z0-9])/i).filter((e) => !e.startsWith("#"));
      const pinned = entries.map((e) => /^([A-Za-z0-9._-]+)==([^\s;\\]+)/.exec(e)?.slice(1, 3).join("==") ?? `unpinned: ${e}`);
      const locked = lock.package.filter((p) => p.source.editable !== ".").map((p) => `${p.name}==${p.version}`);
      expect(pinned.sort()).toEqual(locked.sort());
      expect(entries.filter((e) => !/--hash=sha256:[0-9a-f]{64}/.test(e)), "entries without a hash").toEqual([]);
    },
  );
});
