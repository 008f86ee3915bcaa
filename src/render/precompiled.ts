import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../packageRoot.js";
import compileOptions from "./compileOptions.json" with { type: "json" };

/** A template compiled at build time, as Handlebars.precompile emits it. */
export type TemplateSpec = object;

/** Keyed by the source text's hash, so an edited or unknown template is simply not found. */
export type PrecompiledSpecs = Record<string, TemplateSpec>;

const PRECOMPILED_DIR = path.join("dist", "templates");

export function sourceKey(source: string): string {
  return createHash("sha256").update(source).digest("hex");
}

/**
 * The build precompiles every built-in template's *.hbs into dist/templates/<folder>.js
 * (scripts/build.mjs), which saves the Handlebars compiler and ~30 ms of compiling
 * per run. Anything else (a custom templates folder, a file edited since the build,
 * a build made with other compile options) is compiled at run time instead.
 */
export async function loadPrecompiled(folders: readonly string[]): Promise<PrecompiledSpecs> {
  const root = packageRoot();
  const modules = await Promise.all(
    folders.map(async (folder) => {
      const file = path.join(root, PRECOMPILED_DIR, `${folder}.js`);
      if (!existsSync(file)) return undefined;
      return (await import(pathToFileURL(file).href)) as { options: unknown; specs: PrecompiledSpecs };
    }),
  );
  const same = (options: unknown) => JSON.stringify(options) === JSON.stringify(compileOptions);
  return Object.assign({}, ...modules.filter((m) => m && same(m.options)).map((m) => m!.specs));
}
