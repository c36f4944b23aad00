// `pnpm --filter @motcua/display build`: builds the page into web-dist/ now (an image build).
import { createLogger } from "@motcua/log";
import { ensureBuilt } from "./build.js";

await ensureBuilt(createLogger({ destination: "stderr" }), { force: true });
