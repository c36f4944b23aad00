// The project's documentation stands on its own: every relative link of every Markdown file in
// the repository points at a file or folder that is in the repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
/** Folders that are not the project's own writing: installed packages, build output, test output. */
const SKIPPED = new Set(["node_modules", ".git", "dist", "artifacts"]);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : markdownFiles(join(dir, entry.name));
    return entry.name.endsWith(".md") ? [join(dir, entry.name)] : [];
  });
}

/** The link targets of a Markdown text, outside code blocks and code spans. */
function linkTargets(markdown: string): string[] {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    // A code span inside a link's text ([`docs/x.md`](docs/x.md)) leaves the link whole.
    .replace(/`[^`\n]*`/g, "");
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+("[^"]*"|'[^']*'))?\s*\)/g)];
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm)];
  return [...inline, ...references].map((m) => m[1] as string);
}

/** What is wrong with a relative link of `file`, or undefined when it resolves inside the repository. */
function problemOf(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) return undefined; // a URL, an anchor
  const path = decodeURIComponent(target.replace(/[#?].*$/, ""));
  const absolute = path.startsWith("/") ? join(root, path) : resolve(dirname(file), path);
  const inside = relative(root, absolute);
  if (inside.startsWith(`..${sep}`) || inside === "..") return "leaves the repository";
  if (!existsSync(absolute)) return "points at nothing";
  return undefined;
}

const files = markdownFiles(root);
const problems = files.flatMap((file) =>
  linkTargets(readFileSync(file, "utf8")).flatMap((target) => {
    const problem = problemOf(file, target);
    return problem ? [{ file: relative(root, file).split(sep).join("/"), target, problem }] : [];
  }),
);

describe("Markdown links", () => {
  it("reads the links of Markdown, not those shown in code", () => {
    const text = [
      "See [the rules](docs/rules.md) and ![a pad](img/pad.png 'the pad').",
      "[ref]: ../outside.md",
      "`[not a link](nowhere.md)`",
      "```",
      "[in a block](nowhere.md)",
      "```",
    ].join("\n");
    expect(linkTargets(text)).toEqual(["docs/rules.md", "img/pad.png", "../outside.md"]);
  });

  it("finds the repository's Markdown files, README.md and docs/ among them", () => {
    const names = files.map((f) => relative(root, f).split(sep).join("/"));
    expect(names).toContain("README.md");
    expect(names).toContain("docs/protocol.md");
    expect(names).toContain("docs/example-office.md");
  });

  it("has no link that leaves the repository or points at nothing", () => {
    expect(problems).toEqual([]);
  });
});
