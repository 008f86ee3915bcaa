import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/core/answers.js";
import { deriveNames } from "../../src/core/names.js";
import { planProject } from "../../src/core/plan.js";
import { loadRegistry, readTemplateSources, SHARED_FOLDER } from "../../src/core/registry.js";
import { makeSecrets } from "../../src/effects/secrets.js";
import { loadPrecompiled, sourceKey } from "../../src/render/precompiled.js";
import { createRenderer } from "../../src/render/renderer.js";
import { optionCombinations } from "../helpers/generate.js";
import { TEMPLATES } from "../helpers/paths.js";

// npm test builds first; these check that build (scripts/build.mjs) and run time agree.
const registry = await loadRegistry(TEMPLATES);

describe("templates precompiled by the build", () => {
  for (const manifest of registry.templates) {
    it(`${manifest.id}: every *.hbs is precompiled, with the renderer's options`, async () => {
      const folder = path.join(TEMPLATES, manifest.id);
      const sources = (await readdir(folder, { recursive: true })).filter((f) => f.endsWith(".hbs"));
      expect(sources.length).toBeGreaterThan(0);
      const specs = await loadPrecompiled([manifest.id]);
      const missing = [];
      for (const relative of sources) {
        if (!(sourceKey(await readFile(path.join(folder, relative), "utf8")) in specs)) missing.push(relative);
      }
      expect(missing, "run npm run build after editing a template").toEqual([]);
    });

    it(`${manifest.id}: precompiled and compiled at run time render the same bytes, for every option combination`, async () => {
      const precompiled = await createRenderer([SHARED_FOLDER, manifest.id]);
      const compiled = await createRenderer([]); // no precompiled folders: the compiler path
      const sources = await readTemplateSources(registry, manifest);
      for (const options of optionCombinations(manifest)) {
        const answers = resolveAnswers(manifest, { directory: "shop", options, author: `Zoë O'Brien "{{x}}"` });
        const plan = planProject({
          manifest,
          answers,
          names: deriveNames("/work", "shop", undefined, manifest.reserved),
          sources,
          settings: { git: false, venv: false, install: false },
          generatorVersion: "0.0.0-test",
          year: 2026,
          platform: "linux",
        });
        const data = { ...plan.data, secrets: await makeSecrets(plan.secrets) };
        for (const file of plan.files) {
          if (file.kind !== "render") continue;
          const source = await readFile(file.source, "utf8");
          const [a, b] = await Promise.all([precompiled.render(source, data, file.path), compiled.render(source, data, file.path)]);
          expect(a, file.path).toBe(b);
        }
      }
    });
  }

  it("a source the build never saw is compiled at run time, with the same helpers and strictness", async () => {
    const renderer = await createRenderer([SHARED_FOLDER, ...registry.templates.map((t) => t.id)]);
    await expect(renderer.render("class {{pascalCase packageName}}: {{py description}}", { packageName: "my_shop", description: "it's" }, "x.py")).resolves.toBe(
      `class MyShop: "it's"`,
    );
    await expect(renderer.render("{{missing}}", {}, "y.py")).rejects.toThrow(/Cannot render y.py: "missing" not defined/);
  });
});
