#!/usr/bin/env node
// A clone has no dist/ until `npm run build`; say so in one line rather than a stack trace.
// (The published package always ships dist/.)
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("create-python-backend is not built yet: run `npm run build` (or `npm start -- <args>`) in this folder first.\n");
  process.exit(1);
}
const { main } = await import(entry.href);
main();
