// `npm run lock:canary`: would a project generated today, with the newest versions every
// template's ranges allow, still pass? Re-locks every template with `--upgrade` (in this
// working tree: the diff is the proposed lock refresh), proves the locks (the render
// test: every option set), then runs the e2e suite on them (generate → install from the
// lock with uv and pip → the project's own gates and tests). Arguments after `--` go to
// the e2e run (e.g. `-- -t flask-task-api`). Exit code: the first step that failed.
// .github/workflows/canary.yml runs it on a schedule; a breaking upstream release turns
// it red before a learner meets it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const passThrough = process.argv.slice(2);

function step(label, file, args) {
  console.error(`\n== lock:canary: ${label}`);
  const result = spawnSync(file, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\nlock:canary: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

step("re-lock every template with the newest allowed versions", process.execPath, ["scripts/lock.mjs", "--upgrade"]);
step("what moved", "git", ["--no-pager", "diff", "--stat", "--", "templates/*/files/uv.lock.hbs", "templates/*/files/requirements-dev.txt"]);
step("the locks, for every option set", "npx", ["vitest", "run", "tests/render/templateLocks.test.ts"]);
step("the e2e suite on the new locks", "npx", ["vitest", "run", "--config", "vitest.e2e.config.ts", ...passThrough]);
console.error("\nlock:canary: green. Commit the refreshed locks (npm run lock -- --upgrade) to ship them.");
