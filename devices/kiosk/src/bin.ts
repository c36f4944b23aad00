#!/usr/bin/env node
// The kiosk alone, without the `motcua` command: node --import tsx devices/kiosk/src/bin.ts …
import { createLogger } from "@motcua/log";
import { runKiosk } from "./cli.js";

const code = await runKiosk(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
