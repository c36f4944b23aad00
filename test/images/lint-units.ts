// Run by images/check.sh:
//   lint-units.ts --checkout REPO   the units of images/units against this checkout's build
//   lint-units.ts --root ROOT       the units install-app.sh put into the root file system ROOT
// Each node program a unit or a helper starts must be a compiled .js of the app, run by plain node.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkStartedPrograms, inCheckout, inRoot } from "./units.js";

const { values } = parseArgs({ options: { checkout: { type: "string" }, root: { type: "string" } } });
const helpers = (dir: string) => readdirSync(dir).map((name) => join(dir, name));

let result: ReturnType<typeof checkStartedPrograms>;
if (values.checkout !== undefined) {
  const repo = values.checkout;
  result = checkStartedPrograms(
    join(repo, "images/units"),
    helpers(join(repo, "images/common/bin")),
    inCheckout(repo),
  );
} else if (values.root !== undefined) {
  const root = values.root;
  result = checkStartedPrograms(
    join(root, "usr/local/lib/systemd/system"),
    [...helpers(join(root, "usr/local/lib/motcua")), join(root, "usr/local/bin/motcua-site-check")],
    inRoot(root),
  );
} else {
  process.stderr.write("usage: lint-units.ts --checkout REPO | --root ROOT\n");
  process.exit(2);
}
for (const p of result.problems) process.stderr.write(`${p.file}: ${p.message}\n`);
if (result.problems.length > 0) process.exit(1);
const programs = result.commands.filter((c) => c.argv[0] === "/usr/bin/node").length;
process.stdout.write(`units: ${programs} node programs, each a compiled file of the app run by plain node\n`);
