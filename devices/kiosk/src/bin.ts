#!/usr/bin/env node
// The kiosk alone, without the `motcua` command: node devices/kiosk/dist/bin.js …
import { createLogger } from "@motcua/log";
import { runKiosk } from "./cli.js";

const code = await runKiosk(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
