import { execFileSync, spawnSync } from "node:child_process";
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { envValue, markdownText, pythonString, tomlString, yamlString } from "../../src/render/escape.js";

const HOSTILE = [
  "",
  "plain",
  `It's "quoted"`,
  "back\\slash \\n not a newline",
  "line one\nline two\r\nthree\ttab",
  "{{x}} }} {{",
  "</script><script>alert(1)</script>",
  "$(rm -rf ~) `whoami` ${HOME}",
  "emoji 🐍🚀 and accents café",
  "\u0000\u0001\u001f\u007f control",
  "\u2028\u2029\u0085 separators",
  "'''\"\"\" triple quotes",
];

describe("tomlString", () => {
  it.each(HOSTILE)("reads back as the same text: %j", (value) => {
    expect(parseToml(`v = ${tomlString(value)}`).v).toBe(value);
  });

  it("round-trips any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (value) => parseToml(`v = ${tomlString(value)}`).v === value));
  });
});

describe("yamlString", () => {
  it.each(HOSTILE)("reads back as the same text: %j", (value) => {
    expect(parseYaml(`v: ${yamlString(value)}`).v).toBe(value);
  });

  it("round-trips any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => parseYaml(`v: ${yamlString(value)}`).v === value),
    );
  });
});

describe("pythonString", () => {
  it("is read back by Python as the same text, for hostile and random values", () => {
    const random = fc.sample(fc.string({ unit: "binary", maxLength: 40 }), 200);
    const values = [...HOSTILE, ...random].filter((v) => !/[\uD800-\uDFFF]/.test(v));
    const source = `import json, sys\nvalues = [${values.map(pythonString).join(", ")}]\nsys.stdout.write(json.dumps(values))\n`;
    const output = execFileSync("python3", ["-c", source], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual(values);
  });

  it("is already formatted the way ruff format quotes it", () => {
    const values = [...HOSTILE, `It's a "portfolio"`, `say "hi"`, "it's", `'"'`, ""];
    const source = values.map((v, i) => `v${i} = ${pythonString(v)}\n`).join("");
    // uv is on PATH in the tests (the set-up provisions it); ruff comes from PyPI through it.
    const check = spawnSync("uv", ["tool", "run", "--from", "ruff>=0.8,<1", "ruff", "format", "--diff", "-"], { input: source, encoding: "utf8" });
    expect(check.stdout + check.stderr, "ruff format would change the literals").not.toMatch(/^[-+][^-+]/m);
    expect(check.status).toBe(0);
  });
});

describe("markdownText", () => {
  it("keeps the text on one line and escapes what Markdown would interpret", () => {
    expect(markdownText("a\nb")).toBe("a b");
    expect(markdownText("</script>")).toBe("\\</script\\>");
    expect(markdownText("*bold* _it_ [link](x) `code`")).toBe("\\*bold\\* \\_it\\_ \\[link\\]\\(x\\) \\`code\\`");
    expect(markdownText("- not a list")).toBe("\\- not a list");
    expect(markdownText("1. not a list")).toBe("1\\. not a list");
  });

  it("loses no character: removing the escapes gives back the one-line text", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const oneLine = value.replace(/\s*[\r\n]+\s*/g, " ");
        return markdownText(value).replace(/\\(.)/g, "$1") === oneLine;
      }),
    );
  });
});

describe("envValue", () => {
  it("single-quotes values without a quote, so $ and # stay literal", () => {
    expect(envValue("a $HOME # b")).toBe("'a $HOME # b'");
  });

  it("writes ${ so that python-dotenv's interpolation gives it back literally", () => {
    expect(envValue("${HOME}")).toBe("'${CPB_LITERAL_DOLLAR:-$}{HOME}'");
  });

  it("double-quotes and escapes values with a single quote or a newline", () => {
    expect(envValue(`O'Brien "x"\nnext`)).toBe(`"O'Brien \\"x\\"\\nnext"`);
  });

  it("is read back by python-dotenv itself (interpolation on) as the same text, for hostile and random values", () => {
    // What a name or description may hold: checkText refuses other control characters.
    const allowed = (v: string) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v);
    const random = fc.sample(fc.string({ unit: "grapheme" }), { numRuns: 200, seed: 7 });
    const dollars = ["${HOME}", "${HOME:-x}", "$${HOME}}", "${${HOME}}", "a${", "${}", "'${HOME}'", `"\${HOME}"`, "$HOME $1 ${"];
    const values = [...HOSTILE, ...dollars, ...random].filter(allowed);
    const env = values.map((v, i) => `K${i}=${envValue(v)}`).join("\n");
    const reader = "import io, json, sys\nfrom dotenv import dotenv_values\nsys.stdout.write(json.dumps(dotenv_values(stream=io.StringIO(sys.stdin.read()), interpolate=True)))";
    const output = execFileSync("uv", ["run", "--no-project", "--quiet", "--with", "python-dotenv>=1,<2", "python", "-c", reader], {
      input: env,
      encoding: "utf8",
      env: { ...process.env, HOME: "/home/someone" },
    });
    const read = JSON.parse(output) as Record<string, string>;
    expect(values.map((_, i) => read[`K${i}`])).toEqual(values);
  });
});
