#!/usr/bin/env node
// The pad alone, without the `motcua` command: node --import tsx devices/counter/src/bin.ts …
import { createLogger } from "@motcua/log";
import { runCounter } from "./cli.js";

const code = await runCounter(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
