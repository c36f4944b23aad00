import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "devices/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    // Property tests and SQLite files: keep runs on a 2-core CI machine predictable.
    pool: "forks",
  },
});
