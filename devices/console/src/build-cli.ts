// `pnpm --filter @motcua/console build` (an image build): builds the pages into web-dist/ now.
// With --if-stale (scripts/setup.sh, scripts/build.mjs): only when missing or older than web/.
import { createLogger } from "@motcua/log";
import { ensureBuilt } from "./build.js";

await ensureBuilt(createLogger({ destination: "stderr" }), { force: !process.argv.includes("--if-stale") });
