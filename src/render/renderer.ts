import Handlebars from "handlebars";
import { TemplateError } from "../errors.js";
import { templateHelpers } from "./helpers.js";

export interface Renderer {
  render(source: string, data: object, file: string): string;
}

// node-plop's baked-in case helpers; it only lists helpers added after it starts.
const PLOP_CASE_HELPERS = [
  "camelCase", "snakeCase", "dotCase", "pathCase", "lowerCase", "upperCase", "sentenceCase",
  "constantCase", "titleCase", "dashCase", "kabobCase", "kebabCase", "properCase", "pascalCase",
];

/**
 * Helpers are registered once, in node-plop, which supplies the case helpers.
 * Compiling goes through our own Handlebars environment because node-plop's
 * `renderString` HTML-escapes (`O'Brien` → `O&#x27;Brien`), which is wrong for
 * source code; each value is escaped by the helper for where it lands instead.
 * Imported lazily by the caller: node-plop pulls in inquirer and rxjs.
 */
export async function createRenderer(): Promise<Renderer> {
  const { default: nodePlop } = await import("node-plop");
  const plop = await nodePlop(undefined, { force: false, destBasePath: undefined });
  for (const [name, helper] of Object.entries(templateHelpers)) plop.setHelper(name, helper);

  const handlebars = Handlebars.create();
  for (const name of [...PLOP_CASE_HELPERS, ...plop.getHelperList()]) {
    handlebars.registerHelper(name, plop.getHelper(name) as Handlebars.HelperDelegate);
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
