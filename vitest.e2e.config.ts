import { defineConfig } from "vitest/config";

// Real installs and test suites: slow, sequential, and only run by `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    // uv and schemathesis from PyPI into a cache folder when they are not on PATH.
    globalSetup: ["tests/setup/e2eTools.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
