import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
import { SOURCE_CONDITION } from "./test/helpers/source-node.js";

export default defineConfig({
  // Tests run the workspace packages' TypeScript sources, not their dist/: the source export
  // condition first, then Vite's own. vitest hands the SSR list to its worker processes as node
  // --conditions, so, like vitest's default, it leaves out "module" (a bundler's condition).
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: {
    resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((c) => c !== "module")] },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "devices/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    // Property tests and SQLite files: keep runs on a 2-core CI machine predictable.
    pool: "forks",
  },
});
