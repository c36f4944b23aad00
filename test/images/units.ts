// What the systemd units and their helper scripts start, and the check that each node program
// among them is a compiled entry point of the app run by plain node: a .js file that exists in
// the app, no loader (tsx) and no TypeScript source — what `images/build-app.sh` puts on a card.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the units start the app from. */
export const APP_DIR = "/opt/motcua";
const NODE = "/usr/bin/node";
/** node flags that load code before the program: a card runs compiled files and needs none. */
const LOADER_FLAGS = new Set(["--import", "--loader", "--experimental-loader", "--require", "-r"]);

export interface Problem {
  file: string;
  message: string;
}

/** One command line a unit or a helper script runs. */
export interface StartedCommand {
  file: string;
  /** ExecStart, ExecStartPre… or "exec" for a helper script's line. */
  key: string;
  argv: string[];
}

/** Maps an absolute path as the card sees it to a file here (undefined: not checked here). */
export type PathOnCard = (path: string) => string | undefined;

/** The Exec*= lines of a unit file, continuation lines joined, systemd's prefixes (-@:+!) dropped. */
export function execCommands(file: string, text: string): StartedCommand[] {
  const joined = text.replace(/\\\n/g, " ");
  const commands: StartedCommand[] = [];
  for (const line of joined.split("\n")) {
    const match = /^\s*(Exec[A-Za-z]+)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const argv = match[2].trim().split(/\s+/);
    argv[0] = (argv[0] ?? "").replace(/^[-@:+!]+/, "");
    if (argv[0] !== "") commands.push({ file, key: match[1], argv });
  }
  return commands;
}

/** The node commands of a shell script (`exec /usr/bin/node …` and the like). */
export function scriptNodeCommands(file: string, text: string): StartedCommand[] {
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .flatMap((line) => {
      const at = line.indexOf(`${NODE} `);
      return at === -1 ? [] : [{ file, key: "exec", argv: line.slice(at).trim().split(/\s+/) }];
    });
}

/** The problems of one command: a node program must be a compiled .js of the app, run without loader. */
export function checkCommand(command: StartedCommand, onCard: PathOnCard): Problem[] {
  const problem = (message: string): Problem => ({
    file: command.file,
    message: `${command.key}: ${message}`,
  });
  const [program, ...args] = command.argv;
  if (program === undefined) return [problem("an empty command")];
  if (program === "node" || program.endsWith("/tsx") || program === "tsx")
    return [problem(`runs ${program}: start ${NODE} itself`)];
  const local = onCard(program);
  if (program !== NODE) {
    return local !== undefined && !existsSync(local) ? [problem(`${program} is not on the card`)] : [];
  }
  const problems: Problem[] = [];
  // node's own flags come first; the first other word is the program.
  let i = 0;
  for (let arg = args[i]; arg?.startsWith("-"); arg = args[i]) {
    const valueApart = LOADER_FLAGS.has(arg);
    if (valueApart || LOADER_FLAGS.has(arg.split("=")[0] ?? ""))
      problems.push(
        problem(`node ${valueApart ? `${arg} ${args[i + 1]}` : arg}: a card runs compiled files, no loader`),
      );
    i += valueApart ? 2 : 1;
  }
  const entry = args[i];
  if (entry === undefined) return [...problems, problem("node is given no program")];
  if (!entry.startsWith(`${APP_DIR}/`)) problems.push(problem(`${entry} is not in ${APP_DIR}`));
  if (!/\/dist\/.*\.js$/.test(entry))
    problems.push(problem(`${entry} is not a compiled file (a .js under dist/)`));
  const file = onCard(entry);
  if (file !== undefined && !existsSync(file))
    problems.push(problem(`${entry} does not exist in the built app`));
  return problems;
}

/** Every command of the units in unitsDir and the helper scripts given, with their problems. */
export function checkStartedPrograms(
  unitsDir: string,
  scripts: string[],
  onCard: PathOnCard,
): { commands: StartedCommand[]; problems: Problem[] } {
  const commands = [
    ...readdirSync(unitsDir)
      .filter((name) => name.endsWith(".service"))
      .sort()
      .flatMap((name) => execCommands(name, readFileSync(join(unitsDir, name), "utf8"))),
    ...scripts.flatMap((file) => scriptNodeCommands(file, readFileSync(file, "utf8"))),
  ];
  return { commands, problems: commands.flatMap((command) => checkCommand(command, onCard)) };
}

/** A root file system: the card's paths are under it. */
export const inRoot =
  (root: string): PathOnCard =>
  (path) =>
    join(root, path);

/**
 * This checkout standing for a card before install-app.sh: /opt/motcua is the repository (its
 * build, scripts/build.mjs), the helpers are images/common/bin's; other paths are the system's.
 */
export const inCheckout =
  (repo: string): PathOnCard =>
  (path) => {
    if (path === APP_DIR || path.startsWith(`${APP_DIR}/`)) return join(repo, path.slice(APP_DIR.length));
    const helper = /^\/usr\/local\/(?:lib\/motcua|bin)\/([^/]+)$/.exec(path)?.[1];
    return helper === undefined ? undefined : join(repo, "images/common/bin", helper);
  };
