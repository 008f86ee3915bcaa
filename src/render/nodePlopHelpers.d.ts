// node-plop ships no types for this module; it is a record of string → string functions.
declare module "node-plop/src/baked-in-helpers.js" {
  const helpers: Record<string, (text: string) => string>;
  export default helpers;
}
