import type Handlebars from "handlebars";
import runtimeOnly from "handlebars/runtime.js";
// node-plop's own case helpers (camelCase, snakeCase, pascalCase…), without the rest of
// node-plop: its entry point loads inquirer and rxjs, 0.065 s of a 0.25 s render-only
// run (BENCHMARKS.md), for prompts and actions this tool does not use.
import plopCaseHelpers from "node-plop/src/baked-in-helpers.js";
import { TemplateError } from "../errors.js";
import compileOptions from "./compileOptions.json" with { type: "json" };
import { templateHelpers } from "./helpers.js";
import { loadPrecompiled, sourceKey } from "./precompiled.js";

export interface Renderer {
  render(source: string, data: object, file: string): Promise<string>;
}

type Environment = typeof Handlebars;
// Its package types it as an empty module; it is Handlebars without the compiler.
const HandlebarsRuntime = runtimeOnly as unknown as Environment;

function withHelpers(handlebars: Environment): Environment {
  for (const [name, helper] of Object.entries({ ...plopCaseHelpers, ...templateHelpers })) {
    handlebars.registerHelper(name, helper as Handlebars.HelperDelegate);
  }
  return handlebars;
}

/**
 * Handlebars with every helper registered once. Templates precompiled by the build
 * run on the small runtime; any other source loads the compiler on first need.
 * Compiling is ours, not node-plop's `renderString`, because that HTML-escapes
 * (`O'Brien` → `O&#x27;Brien`), which is wrong for source code: noEscape, and each
 * value is escaped by the helper for where it lands. strict: a misspelt key is an
 * error, not an empty string in someone's settings.py.
 *
 * `folders` names the template folders whose precompiled files may be used.
 */
export async function createRenderer(folders: readonly string[] = []): Promise<Renderer> {
  const runtime = withHelpers(HandlebarsRuntime.create());
  const specs = await loadPrecompiled(folders);
  let compiler: Promise<(source: string) => Handlebars.TemplateDelegate> | undefined;
  const compile = () =>
    (compiler ??= import("handlebars").then(({ default: full }) => {
      const env = withHelpers(full.create());
      // A copy: Handlebars adds its own keys to the options object it is given.
      return (source: string) => env.compile(source, { ...compileOptions });
    }));
  return {
    async render(source, data, file) {
      try {
        const spec = specs[sourceKey(source)];
        const template = spec ? runtime.template(spec as Parameters<Environment["template"]>[0]) : (await compile())(source);
        return template(data);
      } catch (error) {
        throw new TemplateError(`Cannot render ${file}: ${(error as Error).message}`);
      }
    },
  };
}
