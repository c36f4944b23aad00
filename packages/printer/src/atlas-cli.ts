#!/usr/bin/env node
// The glyph atlas's child process: `node atlas-cli.js '<request as JSON>'` draws with Skia,
// writes the files and exits, so that the process that asked never loads Skia.
import type { AtlasRequest } from "./atlas.js";
import { buildAtlas } from "./atlas-build.js";

try {
  buildAtlas(JSON.parse(process.argv[2] ?? "") as AtlasRequest);
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
