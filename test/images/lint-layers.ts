// node --import tsx test/images/lint-layers.ts images/rpi-image-gen — run by images/check.sh.
import { checkImageSources } from "./layers.js";

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write("usage: lint-layers.ts DIR (rpi-image-gen sources: DIR/layer, DIR/config)\n");
  process.exit(2);
}
const { problems, layers, configs } = checkImageSources(dir);
for (const p of problems) process.stderr.write(`${p.file}: ${p.message}\n`);
if (problems.length > 0) process.exit(1);
process.stdout.write(
  `rpi-image-gen sources: ${layers} layers and ${configs} configurations are well formed\n`,
);
