#!/usr/bin/env node
// The pad alone, without the `motcua` command: node devices/rating/dist/bin.js …
import { createLogger } from "@motcua/log";
import { runRating } from "./cli.js";

const code = await runRating(process.argv.slice(2), createLogger({ destination: "stdout" }));
process.exit(code);
