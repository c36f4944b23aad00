import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
import { SOURCE_CONDITION } from "./test/helpers/source-node.js";

export default defineConfig({
  // Tests run the workspace packages' TypeScript sources, not their dist/: the source export
  // condition first, then Vite's own (vitest also hands the SSR list to its worker processes).
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "devices/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    // Property tests and SQLite files: keep runs on a 2-core CI machine predictable.
    pool: "forks",
  },
});
