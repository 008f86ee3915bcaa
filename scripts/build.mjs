// Bundles the CLI and its dependencies into dist/, as create-vite does: `npx`
// then downloads one package instead of ~150. The renderer (node-plop,
// Handlebars) lands in its own chunk, loaded only after the answers are in.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm(new URL("../dist/", import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { "cli/main": "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
  // Bundled CommonJS (handlebars, prompts) calls require(); give ESM chunks one.
  banner: { js: "import { createRequire as __cbpRequire } from 'node:module'; const require = __cbpRequire(import.meta.url);" },
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`dist: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB`);
