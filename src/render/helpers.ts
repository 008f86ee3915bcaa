import { envValue, jsonValue, markdownText, pythonString, tomlString, yamlString } from "./escape.js";

type HelperArgs = unknown[];

/** Handlebars passes an options object last; these helpers only want the values. */
const values = (args: HelperArgs) => args.slice(0, -1);
const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

export const templateHelpers: Record<string, (...args: HelperArgs) => unknown> = {
  toml: (value) => tomlString(text(value)),
  py: (value) => pythonString(text(value)),
  yaml: (value) => yamlString(text(value)),
  json: (value) => jsonValue(value),
  md: (value) => markdownText(text(value)),
  env: (value) => envValue(text(value)),
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  not: (value) => !value,
  and: (...args) => values(args).every(Boolean),
  or: (...args) => values(args).some(Boolean),
};
