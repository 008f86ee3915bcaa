import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeAnswerKey, FLAGS, flagUsage, nameAsFlag, parseFlags } from "../../src/cli/flags.js";
import { helpText } from "../../src/cli/help.js";
import { parseManifest } from "../../src/core/manifest.js";
import { checkOptionTypes, type Registry } from "../../src/core/registry.js";
import { checkTarget } from "../../src/effects/projectWriter.js";
import { findPython } from "../../src/effects/python.js";
import { type AppError, TemplateError, UserError } from "../../src/errors.js";
import { manifestFixture, rawFixture } from "../helpers/manifests.js";
import { scratchFolders } from "../helpers/scratchFolders.js";

const scratch = scratchFolders("flags");

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

describe("one declaration of the flags", () => {
  /** The fixture with other options (and only the files that need none). */
  const variant = (id: string, options: unknown[]) => parseManifest({ ...rawFixture(), id, options, files: [{ from: "files" }] }, id);

  it("help lists every declared flag, from the same list the parser accepts", () => {
    const help = helpText(registry, "0.0.0");
    for (const flag of FLAGS) {
      expect(help).toContain(flagUsage(flag));
      const argv = flag.type === "string" ? [`--${flag.name}`, "x"] : [`--${flag.name}`];
      expect(() => parse(...argv)).not.toThrow();
      if (flag.type === "boolean" && flag.negatable) expect(() => parse(`--no-${flag.name}`)).not.toThrow();
    }
  });

  it("names a core answer key by the flag declared for it", () => {
    for (const flag of FLAGS) {
      if ("answer" in flag.sets) expect(describeAnswerKey(flag.sets.answer, {})).toBe(`--${flag.name}`);
    }
  });

  it("refuses a template option that a core flag already takes, naming the template", () => {
    const clashing = variant("demo", [{ name: "json", type: "boolean", message: "x", default: false }]);
    const withClash: Registry = { templatesDir: "/nowhere", templates: [clashing] };
    expect(() => parseFlags(["x"], withClash)).toThrow(TemplateError);
    expect(() => parseFlags(["x"], withClash)).toThrow(/templates\/demo\/template.json: option "json" would be the flag --json/);
    const negated = variant("demo", [{ name: "git", type: "boolean", message: "x", default: false }]);
    expect(() => parseFlags(["x"], { templatesDir: "/nowhere", templates: [negated] })).toThrow(/--git/);
  });

  it("refuses one option name with two types across the registry, naming both templates", () => {
    const asBoolean = variant("other", [{ name: "db", type: "boolean", message: "x", default: true }]);
    expect(() => checkOptionTypes([manifestFixture(), asBoolean])).toThrow(TemplateError);
    expect(() => checkOptionTypes([manifestFixture(), asBoolean])).toThrow(
      /"db" is a select in templates\/demo\/template.json and a boolean in templates\/other\/template.json/,
    );
  });

  it("lets templates share an option name with its type, each with its own choices and default", () => {
    const mysql = variant("other", [
      { name: "db", type: "select", message: "Database", choices: [{ value: "mysql" }, { value: "sqlite" }], default: "mysql" },
    ]);
    const both: Registry = { templatesDir: "/nowhere", templates: [manifestFixture(), mysql] };
    expect(() => checkOptionTypes(both.templates)).not.toThrow();
    expect(parseFlags(["x", "--db", "mysql"], both).answers.options).toEqual({ db: "mysql" });
    expect(helpText(both, "0.0.0")).toMatch(/--db .*sqlite \| postgres \| mysql \(default: sqlite in demo, mysql in other\) \[demo, other\]/);
  });
});

describe("keys in core's hints, flags on the command line", () => {
  it("names answer and setting keys as the flags that set them", () => {
    expect(nameAsFlag("venv", false)).toBe("--no-venv");
    expect(nameAsFlag("force", true)).toBe("--force");
    expect(nameAsFlag("python", "/path/to/python3.11")).toBe("--python /path/to/python3.11");
    expect(nameAsFlag("answersFile")).toBe("--answers");
    expect(nameAsFlag("options.db", "postgres")).toBe("--db postgres");
    expect(describeAnswerKey("python", {})).toBe("--python");
  });

  it("core and effects write hints against keys; only the CLI spells them as flags", async () => {
    const error = (await findPython("3.11", { explicit: "3.10", platform: "linux" }).then(
      () => expect.fail("3.10 is below the minimum"),
      (e: unknown) => e,
    )) as AppError;
    expect(error.hint).toBe('Or pass "venv": false to create the project without a virtual environment.');
    expect(error.hintFor(nameAsFlag)).toBe("Or pass --no-venv to create the project without a virtual environment.");
    const dir = await scratch();
    await writeFile(path.join(dir, "notes.txt"), "mine");
    const refused = (await checkTarget(dir, ["README.md"], false).then(
      () => expect.fail("a non-empty folder is refused"),
      (e: unknown) => e,
    )) as AppError;
    expect(refused.hint).not.toContain("--");
    expect(refused.hintFor(nameAsFlag)).toContain("pass --force to add the project");
  });
});
