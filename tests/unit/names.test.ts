import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveNames, toDisplayName, toPackageName } from "../../src/core/names.js";
import { UserError } from "../../src/errors.js";

const CWD = "/home/learner/code";

describe("toPackageName", () => {
  it.each([
    ["my-blog", "my_blog"],
    ["My Blog", "my_blog"],
    ["MyBlog", "my_blog"],
    ["café-api", "cafe_api"],
    ["shop.v2", "shop_v2"],
    ["--odd--name--", "odd_name"],
  ])("%s → %s", (input, expected) => expect(toPackageName(input)).toBe(expected));
});

describe("toDisplayName", () => {
  it("title-cases a kebab or snake name and keeps a typed one", () => {
    expect(toDisplayName("my-blog")).toBe("My Blog");
    expect(toDisplayName("task_api")).toBe("Task API");
    expect(toDisplayName("My Shop")).toBe("My Shop");
  });

  it.each([
    ["fastapi-ecommerce", "FastAPI E-commerce"],
    ["flask-task-api", "Flask Task API"],
    ["auth-microservice", "Auth Microservice"],
    ["jwt-auth", "JWT Auth"],
    ["iot-hub", "IoT Hub"],
    ["my-e-commerce-shop", "My E-commerce Shop"],
    ["graphql_crud", "GraphQL CRUD"],
    ["django-blog", "Django Blog"],
    ["rapid", "Rapid"],
  ])("spells known words as people write them: %s → %s", (basename, expected) => {
    expect(toDisplayName(basename)).toBe(expected);
  });
});

describe("deriveNames", () => {
  it("derives target, display name, slug and package from the directory", () => {
    expect(deriveNames(CWD, "projects/my-blog")).toEqual({
      target: path.join(CWD, "projects", "my-blog"),
      name: "My Blog",
      slug: "my-blog",
      packageName: "my_blog",
    });
  });

  it("uses an explicit display name but still derives the package from the directory", () => {
    const names = deriveNames(CWD, "shop", "Shop API — v2");
    expect(names.name).toBe("Shop API — v2");
    expect(names.packageName).toBe("shop");
  });

  it("accepts absolute paths and '.'", () => {
    expect(deriveNames(CWD, "/tmp/abs-project").packageName).toBe("abs_project");
    expect(deriveNames("/home/me/my-api", ".").packageName).toBe("my_api");
  });

  const rejects = (directory: string, message: RegExp, reserved: string[] = []) => {
    let error: unknown;
    try {
      deriveNames(CWD, directory, undefined, reserved);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
  };

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["..", /ends in/],
    ["a\\b", /not allowed/],
    ['say"hi"', /not allowed/],
    ["new\nline", /not allowed/],
    ["class", /keyword/],
    ["test", /shadow/],
    ["json", /shadow/],
    ["site", /shadow/],
    ["django", /shadow/],
    ["flask", /shadow/],
    ["fastapi", /shadow/],
    ["con", /reserved device/],
    ["NUL", /reserved device/],
    ["2048-game", /starts with a digit/],
    ["博客", /at least one letter/],
    ["x".repeat(300), /limit is 100/],
    ["name.", /ends in a dot/],
    ["-x", /starts with "-"/],
    ["apps/--force", /starts with "-"/],
    ["conftest", /pytest gives a meaning of its own/],
    ["pluggy", /shadow/],
    ["evil\u202Etxt.exe", /text-direction control character \(U\+202E\)/],
    ["my\u2067app", /U\+2067/],
    ["zero\u200Bwidth", /invisible[\s\S]*U\+200B/],
    ["bom\uFEFFname", /U\+FEFF/],
  ])("rejects %j", (directory, message) => rejects(directory, message));

  it("rejects the template's own reserved names", () => rejects("blog", /shadow/, ["blog"]));

  it("gives a hint that fixes the problem", () => {
    try {
      deriveNames(CWD, "json");
    } catch (error) {
      expect((error as UserError).hint).toContain("my-json");
    }
    expect.assertions(1);
  });
});
