// Preload for `node --import ./bench/trace_spawn.mjs bin/create-backend-project.js ...`:
// records every child process the CLI starts (command, start offset, duration) and
// writes them as JSON to $BENCH_TRACE_FILE at exit, so the benchmark can say where
// a step's time goes. Diagnostic only; it does not change what the CLI does.
import childProcess from "node:child_process";
import { writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const out = process.env.BENCH_TRACE_FILE;
const t0 = performance.now();
const events = [];
const original = childProcess.spawn;
childProcess.spawn = function tracedSpawn(file, args, options) {
  const started = performance.now();
  const argv = Array.isArray(args) ? args : [];
  const child = original.apply(this, arguments);
  const event = { command: [file, ...argv].join(" ").slice(0, 200), start: (started - t0) / 1000, seconds: null };
  events.push(event);
  child.once("exit", () => {
    event.seconds = (performance.now() - started) / 1000;
  });
  child.once("error", () => {
    if (event.seconds === null) event.seconds = (performance.now() - started) / 1000;
  });
  return child;
};
syncBuiltinESMExports();
process.once("exit", () => {
  if (out) writeFileSync(out, JSON.stringify({ total: (performance.now() - t0) / 1000, events }));
});
