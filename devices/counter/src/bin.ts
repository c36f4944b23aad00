#!/usr/bin/env node
// The pad alone, without the `motcua` command: node devices/counter/dist/bin.js …
import { createLogger } from "@motcua/log";
import { runCounter } from "./cli.js";

const code = await runCounter(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
