#!/usr/bin/env node
// The display alone, without the `motcua` command: node devices/display/dist/bin.js …
import { createLogger } from "@motcua/log";
import { runDisplay } from "./cli.js";

const code = await runDisplay(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
