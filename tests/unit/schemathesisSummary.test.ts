import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarize } from "../e2e/probes/schemathesis.js";

// A real `st run` output (schemathesis 4, two workers) whose only problems were errors raised
// inside schemathesis itself, followed by a warning that names another operation.
const errorRun = readFileSync(new URL("./fixtures/schemathesis-error.txt", import.meta.url), "utf8");

describe("summarize (the e2e schemathesis probe's report)", () => {
  it("names each errored operation with the error's kind and message", () => {
    const lines = summarize(errorRun).split("\n");
    const errors = lines.filter((l) => l.startsWith("  - "));
    expect(errors).toEqual([
      "  - GET /tasks: error: Runtime Error: AST constructor recursion depth mismatch (before=66, after=104)",
      "  - GET /tasks/{task_id}: error: Runtime Error: AST constructor recursion depth mismatch (before=66, after=59)",
    ]);
    expect(lines.at(-1)).toMatch(/2 errors, 1 warning/);
  });

  it("does not read the warnings section as failing checks", () => {
    expect(summarize(errorRun)).not.toContain("POST /auth/refresh");
  });
});
