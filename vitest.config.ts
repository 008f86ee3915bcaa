import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/effects/**/*.test.ts", "tests/render/**/*.test.ts", "tests/cli/**/*.test.ts"],
    // uv from PyPI into a cache folder when it is not on PATH: a fresh clone needs nothing else.
    globalSetup: ["tests/setup/tools.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
