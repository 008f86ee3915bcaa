import { describe, expect, it } from "vitest";
import { mergeLayers, parseAnswersFile, resolveAnswers } from "../../src/core/answers.js";
import { makeRecord } from "../../src/domain/record.js";
import { UserError } from "../../src/errors.js";
import { manifestFixture } from "../helpers/manifests.js";

const manifest = manifestFixture();

describe("mergeLayers", () => {
  it("takes each key from the first layer that sets it: flags > file > prompts", () => {
    const flags = { directory: "from-flags", options: { db: "postgres" } };
    const file = { directory: "from-file", description: "from file", options: { db: "sqlite", docker: false } };
    const prompts = { description: "from prompts", author: "Prompted", options: { docker: true } };
    expect(mergeLayers([flags, file, prompts])).toEqual({
      directory: "from-flags",
      description: "from file",
      author: "Prompted",
      options: { db: "postgres", docker: false },
    });
  });

  it("ignores undefined values instead of letting them erase a lower layer", () => {
    expect(mergeLayers([{ author: undefined }, { author: "Ada" }]).author).toBe("Ada");
  });
});

describe("resolveAnswers", () => {
  it("fills manifest defaults for anything not given", () => {
    expect(resolveAnswers(manifest, { directory: "x" })).toEqual({
      template: "demo",
      directory: "x",
      name: "",
      description: "A demo project.",
      author: "",
      email: "",
      license: "MIT",
      options: { db: "sqlite", docker: true },
    });
  });

  it("keeps given values", () => {
    const answers = resolveAnswers(manifest, {
      directory: "x",
      author: " Ada ",
      email: "ada@example.com",
      options: { db: "postgres", docker: false },
    });
    expect(answers.author).toBe("Ada");
    expect(answers.options).toEqual({ db: "postgres", docker: false });
  });

  const rejects = (partial: Parameters<typeof resolveAnswers>[1], message: RegExp) => {
    expect(() => resolveAnswers(manifest, partial)).toThrow(UserError);
    expect(() => resolveAnswers(manifest, partial)).toThrow(message);
  };

  it("names the flag and the allowed values for a bad option", () => {
    rejects({ directory: "x", options: { db: "mysql" } }, /options\.db must be one of: sqlite, postgres \(got "mysql"\)/);
    rejects({ directory: "x", options: { docker: "yes" } }, /options\.docker must be true or false/);
  });

  it("refuses an option the template does not have, listing the ones it has", () => {
    rejects({ directory: "x", options: { ci: true } }, /options\.ci is not an option of demo/);
  });

  it("refuses a missing directory, text of the wrong type, control characters and bad emails", () => {
    rejects({}, /directory was not given/);
    rejects({ directory: "x", author: 42 as unknown as string }, /author must be text/);
    rejects({ directory: "x", name: "two\nlines" }, /^name contains a line break/);
    rejects({ directory: "x", email: "not-an-email" }, /not an email address/);
    rejects({ directory: "x", description: "d".repeat(501) }, /limit is 500/);
  });

  it.each(["<jane@example.com>", "Jane <jane@example.com>", "me@ex..com", ".me@example.com", "me.@example.com", "a..b@example.com", "me@localhost", "me@-ex.com", "me@ex_ample.com", "@example.com", "me@"])(
    "refuses the email %j, which packaging tools fail on later",
    (email) => rejects({ directory: "x", author: "Ada", email }, /is not an email address/),
  );

  it.each(["jane@example.com", "jane.doe+tag@mail.example.co.uk", "o'brien@example.ie"])("accepts the email %j", (email) => {
    expect(resolveAnswers(manifest, { directory: "x", author: "Ada", email }).email).toBe(email);
  });

  it("refuses an email without an author instead of dropping it", () => {
    rejects({ directory: "x", email: "ada@example.com" }, /email was given without an author/);
  });

  it.each([
    ["name", "evil\u202Etxt.exe"],
    ["name", "zero\u200Bwidth"],
    ["author", "Ada\u2066x\u2069"],
    ["description", "flip \u202E this"],
  ])("refuses an invisible or direction control character in --%s", (key, value) => {
    rejects({ directory: "x", author: "Ada", [key]: JSON.parse(`"${value}"`) }, /invisible or text-direction control character/);
  });

  it("lets a description join emoji with a zero-width joiner", () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    expect(resolveAnswers(manifest, { directory: "x", description: family }).description).toBe(family);
  });

  it("takes a licence by its SPDX id, in any case, and refuses others", () => {
    expect(resolveAnswers(manifest, { directory: "x", license: "apache-2.0" }).license).toBe("Apache-2.0");
    expect(resolveAnswers(manifest, { directory: "x", license: "NONE" }).license).toBe("none");
    rejects({ directory: "x", license: "GPL-3.0" }, /license must be one of: MIT, Apache-2.0, none \(got "GPL-3.0"\)/);
  });

  it("lets a description span lines", () => {
    expect(resolveAnswers(manifest, { directory: "x", description: "a\nb" }).description).toBe("a\nb");
  });
});

describe("answers files", () => {
  it("replays the record a run writes", () => {
    const answers = resolveAnswers(manifest, { directory: "x", author: "Ada", options: { db: "postgres" } });
    const record = makeRecord(answers, { name: "X", slug: "x", packageName: "x" }, "1.2.3", 2026, "sha256:0");
    expect(record).not.toHaveProperty("answers.directory");
    const replayed = parseAnswersFile(JSON.stringify(record), "a.json");
    expect(resolveAnswers(manifest, { ...replayed, directory: "y" })).toEqual({ ...answers, directory: "y" });
  });

  it.each([
    ["{", /not valid JSON/],
    ["[]", /must hold a JSON object/],
    [JSON.stringify({ template: "demo", extra: 1 }), /unknown keys: extra/],
    [JSON.stringify({ answers: { directory: "x" } }), /unknown answers directory/],
    [JSON.stringify({ template: 3 }), /"template" must be a string/],
    [JSON.stringify({ answers: { author: ["a"] } }), /"author" must be a string/],
    [JSON.stringify({ answers: { options: [] } }), /"options" must be an object/],
  ])("rejects %s", (text, message) => {
    expect(() => parseAnswersFile(text, "a.json")).toThrow(message);
  });

  it("accepts a file saved with a UTF-8 byte-order mark", () => {
    expect(parseAnswersFile(`\uFEFF${JSON.stringify({ template: "demo" })}`, "a.json")).toEqual({ template: "demo" });
  });

  it('names "__proto__" in options as an unknown option rather than letting it change the prototype', () => {
    const partial = parseAnswersFile('{"answers": {"options": {"__proto__": {"docker": false}}}}', "a.json");
    const merged = mergeLayers([{ directory: "x" }, partial]);
    expect(() => resolveAnswers(manifest, merged)).toThrow(/options\.__proto__ is not an option of demo/);
  });

  it("checks option types from a file through the same validation as flags", () => {
    const partial = parseAnswersFile(JSON.stringify({ answers: { options: { docker: "no" } } }), "a.json");
    expect(() => resolveAnswers(manifest, { ...partial, directory: "x" })).toThrow(/must be true or false/);
  });
});
