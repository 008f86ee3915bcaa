import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderTree } from "../../src/engine/renderTree.js";
import { renderTemplate } from "../helpers/generate.js";
import { scratchFolders } from "../helpers/scratchFolders.js";
import { FIXTURE_TEMPLATES, TEMPLATES } from "../helpers/paths.js";

const scratch = scratchFolders("render-tree");

async function filesOnDisk(root: string, relative = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const rel = relative ? `${relative}/${e.name}` : e.name;
      return e.isDirectory() ? filesOnDisk(root, rel) : Promise.resolve([rel]);
    }),
  );
  return nested.flat().sort();
}

describe("renderTree", () => {
  for (const [templates, id, options] of [
    [FIXTURE_TEMPLATES, "fixture-app", { db: "postgres", docker: true }],
    [TEMPLATES, "auth-microservice", {}],
  ] as const) {
    it(`gives, in memory, exactly the files create writes (${id})`, async () => {
      const target = path.join(await scratch(), "proj");
      const written = await renderTemplate(templates, id, options, target);
      const tree = await renderTree(written, { secrets: written.secretValues });

      expect([...tree.keys()].sort()).toEqual(await filesOnDisk(target));
      for (const [file, entry] of tree) {
        const onDisk = path.join(target, file);
        expect(Buffer.from(entry.bytes).equals(await readFile(onDisk)), file).toBe(true);
        expect(entry.mode, file).toBe((await stat(onDisk)).mode & 0o777);
      }
    });
  }

  it("fills the secrets it is given, so two renders with the same secrets are equal", async () => {
    const target = path.join(await scratch(), "proj");
    const plan = await renderTemplate(FIXTURE_TEMPLATES, "fixture-app", {}, target);
    const secrets = { secretKey: "fixed-token", jwt: { privateKey: "PRIVATE", publicKey: "PUBLIC", kid: "kid-1" } };
    const [one, two] = await Promise.all([renderTree(plan, { secrets }), renderTree(plan, { secrets })]);
    const rendered = [...one.values()].map((f) => Buffer.from(f.bytes).toString("utf8")).join("\n");
    expect(rendered).toContain("fixed-token");
    for (const [file, entry] of one) expect(Buffer.from(entry.bytes).equals(Buffer.from(two.get(file)!.bytes)), file).toBe(true);
  });
});
