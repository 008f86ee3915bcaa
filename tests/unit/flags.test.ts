import { describe, expect, it } from "vitest";
import { describeAnswerKey, parseFlags } from "../../src/cli/flags.js";
import type { Registry } from "../../src/core/registry.js";
import { UserError } from "../../src/errors.js";
import { manifestFixture } from "../helpers/manifests.js";

const registry: Registry = { templatesDir: "/nowhere", templates: [manifestFixture()] };
const parse = (...argv: string[]) => parseFlags(argv, registry);

describe("parseFlags", () => {
  it("maps flags to answers and settings", () => {
    const { answers, settings } = parse("my-blog", "-t", "demo", "--db", "postgres", "--no-docker", "--author", "Ada", "-y", "--json");
    expect(answers).toEqual({ template: "demo", directory: "my-blog", author: "Ada", options: { db: "postgres", docker: false } });
    expect(settings).toMatchObject({ yes: true, json: true, git: true, venv: true, install: true, force: false, dryRun: false });
  });

  it("leaves options that were not given unset, so prompts or defaults decide", () => {
    expect(parse("x").answers.options).toEqual({});
    expect(parse("x", "--docker").answers.options).toEqual({ docker: true });
  });

  it("turns --no-venv into no install as well", () => {
    expect(parse("x", "--no-venv").settings).toMatchObject({ venv: false, install: false });
    expect(parse("x", "--no-install").settings).toMatchObject({ venv: true, install: false });
    expect(parse("x", "--no-git").settings.git).toBe(false);
  });

  const rejects = (argv: string[], message: RegExp) => {
    expect(() => parse(...argv)).toThrow(UserError);
    expect(() => parse(...argv)).toThrow(message);
  };

  it("rejects unknown flags, missing values, repeats and extra arguments", () => {
    rejects(["--frobnicate"], /Unknown option '--frobnicate'/);
    rejects(["-t"], /argument missing/);
    rejects(["--db", "postgres", "--db", "sqlite"], /--db and --db both given/);
    rejects(["--docker", "--no-docker"], /--docker and --no-docker both given/);
    rejects(["--yes", "-y"], /both given/);
    rejects(["a", "b"], /Expected one directory, got 2/);
  });
});

describe("describeAnswerKey", () => {
  const file = { source: "--answers a.json", answers: { license: "GPL", options: { docker: "yes" } } };

  it("names a key by its flag when a flag set it, or when nothing did (a prompt or a default)", () => {
    expect(describeAnswerKey("license", { license: "GPL" }, file)).toBe("--license");
    expect(describeAnswerKey("options.db", {}, file)).toBe("--db");
    expect(describeAnswerKey("email", {})).toBe("--email");
  });

  it("names a key by its answers-file entry when only the file set it", () => {
    expect(describeAnswerKey("license", {}, file)).toBe('"license" in --answers a.json');
    expect(describeAnswerKey("options.docker", { options: {} }, file)).toBe('"options.docker" in --answers a.json');
  });
});
