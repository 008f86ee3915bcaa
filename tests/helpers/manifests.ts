import { type Manifest, parseManifest } from "../../src/core/manifest.js";

/** A valid manifest to vary in tests; each test states only what it changes. */
export function manifestFixture(overrides: Record<string, unknown> = {}): Manifest {
  return parseManifest({ ...rawFixture(), ...overrides }, "demo");
}

/** The fixture's template.json, before parsing. */
export function rawFixture(): Record<string, unknown> {
  return {
      id: "demo",
      title: "Demo",
      summary: "A demo project.",
      stack: ["Python"],
      skills: ["Testing"],
      options: [
        {
          name: "db",
          type: "select",
          message: "Database",
          choices: [
            { value: "sqlite", title: "SQLite" },
            { value: "postgres", title: "PostgreSQL" },
          ],
          default: "sqlite",
        },
        { name: "docker", type: "boolean", message: "Docker", default: true },
      ],
      files: [
        { from: "files" },
        { from: "optional/docker", when: { docker: true } },
        { from: "optional/postgres", when: { db: "postgres" } },
      ],
      secrets: { secretKey: { type: "token" } },
      next: ["python -m {{packageName}}"],
  };
}
