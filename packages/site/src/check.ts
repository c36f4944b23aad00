#!/usr/bin/env node
// motcua-site-check: node packages/site/dist/check.js [--role ROLE] [--write DIR] [FILE...]
import { runCheck } from "./cli.js";

process.exitCode = await runCheck(process.argv.slice(2));
