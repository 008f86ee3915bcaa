import { describe, expect, it } from "vitest";
import { globMatches, policyFor } from "../../src/domain/filePolicy.js";

describe("update's file policies", () => {
  it("never touches secrets, regenerates lockfiles, merges the rest", () => {
    expect(policyFor(".env")).toBe("never-touch");
    expect(policyFor("keys/jwt-private.pem")).toBe("never-touch");
    expect(policyFor(".env.example")).toBe("merge");
    expect(policyFor("uv.lock")).toBe("regenerate");
    expect(policyFor("frontend/package-lock.json")).toBe("regenerate");
    expect(policyFor("src/app/main.py")).toBe("merge");
  });

  it("lets the template's manifest decide first", () => {
    const policies = { "docs/**": "skip-if-exists", "*.md": "never-touch" } as const;
    expect(policyFor("docs/guide/intro.txt", policies)).toBe("skip-if-exists");
    expect(policyFor("README.md", policies)).toBe("never-touch");
    expect(policyFor("src/README.md", policies)).toBe("merge");
  });

  it("matches * within a segment and ** across segments, everything else literally", () => {
    expect(globMatches("src/*.py", "src/a.py")).toBe(true);
    expect(globMatches("src/*.py", "src/x/a.py")).toBe(false);
    expect(globMatches("src/**", "src/x/a.py")).toBe(true);
    expect(globMatches("a.py", "aXpy")).toBe(false);
  });
});
