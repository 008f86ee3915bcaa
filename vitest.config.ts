import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/effects/**/*.test.ts", "tests/render/**/*.test.ts", "tests/cli/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
