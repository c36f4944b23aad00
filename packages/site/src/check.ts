#!/usr/bin/env node
// motcua-site-check: node --import tsx packages/site/src/check.ts [--role ROLE] [--write DIR] [FILE...]
import { runCheck } from "./cli.js";

process.exitCode = await runCheck(process.argv.slice(2));
