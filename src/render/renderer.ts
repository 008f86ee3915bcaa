import Handlebars from "handlebars";
// node-plop's own case helpers (camelCase, snakeCase, pascalCase…), without the rest of
// node-plop: its entry point loads inquirer and rxjs, 0.065 s of a 0.25 s render-only
// run (BENCHMARKS.md), for prompts and actions this tool does not use.
import plopCaseHelpers from "node-plop/src/baked-in-helpers.js";
import { TemplateError } from "../errors.js";
import { templateHelpers } from "./helpers.js";

export interface Renderer {
  render(source: string, data: object, file: string): string;
}

/**
 * One Handlebars environment with every helper registered once. Compiling is ours,
 * not node-plop's `renderString`, because that HTML-escapes (`O'Brien` →
 * `O&#x27;Brien`), which is wrong for source code; each value is escaped by the
 * helper for where it lands instead.
 */
export async function createRenderer(): Promise<Renderer> {
  const handlebars = Handlebars.create();
  for (const [name, helper] of Object.entries({ ...plopCaseHelpers, ...templateHelpers })) {
    handlebars.registerHelper(name, helper as Handlebars.HelperDelegate);
  }
  return {
    render(source, data, file) {
      try {
        // strict: a misspelt key is an error, not an empty string in someone's settings.py.
        return handlebars.compile(source, { noEscape: true, strict: true })(data);
      } catch (error) {
        throw new TemplateError(`Cannot render ${file}: ${(error as Error).message}`);
      }
    },
  };
}
