import { execFileSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { renderTemplate } from "../helpers/generate.js";
import { FIXTURE_TEMPLATES } from "../helpers/paths.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("prop");

const READ_BACK = `
import json, runpy, sys
g = runpy.run_path(sys.argv[1])
print(json.dumps([g["NAME"], g["DESCRIPTION"], g["AUTHOR"]]))
`;

const nasty = fc.constantFrom('"', "'", "\\", "\n", "{{", "}}", "</script>", "$(rm -rf ~)", "`", "🐍", "é", "\t", "#", "*", "&", "<", ">");
const text = (maxLength: number) =>
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join("").slice(0, maxLength));

describe("generated names and descriptions (property-based)", () => {
  it("either refuse with a UserError or produce a project that reads the text back exactly", async () => {
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 0, maxLength: 30 }), text(200), text(60), async (directory, description, author) => {
        const dir = await scratch();
        const target = path.join(dir, directory);
        let plan;
        try {
          plan = await renderTemplate(FIXTURE_TEMPLATES, "fixture-app", {}, target, { description, author: author.replace(/\n/g, " ") });
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          return;
        }
        generated++;
        const root = plan.target;
        const pyproject = parseToml(await readFile(path.join(root, "pyproject.toml"), "utf8")) as { project: { description: string } };
        expect(pyproject.project.description).toBe(plan.data.description);
        const init = path.join(root, "src", plan.data.packageName, "__init__.py");
        const values = JSON.parse(execFileSync("python3", ["-c", READ_BACK, init], { encoding: "utf8" }));
        expect(values).toEqual([plan.data.name, plan.data.description, plan.data.author]);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
    // The property would hold trivially if every input were refused.
    expect(generated).toBeGreaterThan(10);
  });
});
