import { describe, expect, it } from "vitest";
import { parseAnswersFile, resolveAnswers } from "../../src/core/answers.js";
import { parseManifest } from "../../src/core/manifest.js";
import { makeRecord, parseRecord, RECORD_SCHEMA_VERSION, serializeRecord } from "../../src/domain/record.js";
import { ExitCode, UserError } from "../../src/errors.js";

const manifest = parseManifest(
  {
    id: "demo",
    title: "Demo",
    summary: "A demo project.",
    stack: [],
    skills: [],
    options: [{ name: "docker", type: "boolean", message: "Docker?", default: true }],
    files: [{ from: "files" }],
  },
  "demo",
);
const names = { name: "My Shop", slug: "my-shop", packageName: "my_shop" };

describe("the project record", () => {
  it("round-trips template, version, digest, names and answers", () => {
    const answers = resolveAnswers(manifest, { directory: "my-shop", author: "Ada", options: { docker: false } });
    const text = serializeRecord(makeRecord(answers, names, "1.2.3", 2025, "sha256:abc"));
    expect(parseRecord(text, "r.json")).toEqual({
      schemaVersion: RECORD_SCHEMA_VERSION,
      version: "1.2.3",
      template: "demo",
      templateDigest: "sha256:abc",
      names,
      year: 2025,
      answers: { name: "", description: "A demo project.", author: "Ada", email: "", license: "MIT", options: { docker: false } },
    });
    expect(JSON.parse(text)).not.toHaveProperty("answers.directory");
  });

  it("still loads the unversioned record of earlier releases, without names", () => {
    const old = { generator: "create-python-backend", version: "0.1.0", template: "demo", answers: { license: "MIT", options: {} } };
    const loaded = parseRecord(JSON.stringify(old), "r.json");
    expect(loaded.schemaVersion).toBe(1);
    expect(loaded.names).toBeUndefined();
    expect(loaded.template).toBe("demo");
  });

  it("refuses a record from a newer CLI with exit 2 and says to upgrade", () => {
    const newer = JSON.stringify({ schemaVersion: RECORD_SCHEMA_VERSION + 1, generator: "create-python-backend", version: "9.0.0", template: "demo", answers: {} });
    for (const read of [() => parseRecord(newer, "r.json"), () => parseAnswersFile(newer, "r.json")]) {
      let error: unknown;
      try {
        read();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(ExitCode.usage);
      expect((error as UserError).message).toMatch(/newer create-python-backend \(record schema 3/);
      expect((error as UserError).hint).toMatch(/Upgrade the CLI/);
    }
  });

  it.each([
    [{ generator: "cookiecutter", version: "1", template: "demo", answers: {} }, /not written by/],
    [{ schemaVersion: "2", generator: "create-python-backend", version: "1", template: "demo", answers: {} }, /schemaVersion/],
    [{ schemaVersion: 2, generator: "create-python-backend", version: "1", template: "demo", answers: {} }, /"names" must be an object/],
    [{ schemaVersion: 2, generator: "create-python-backend", version: "1", template: "demo", answers: {}, year: 2026, names: { ...names, slug: "other" } }, /package name and its slug/],
  ])("rejects a malformed record %#", (raw, message) => {
    expect(() => parseRecord(JSON.stringify(raw), "r.json")).toThrow(message);
  });
});
