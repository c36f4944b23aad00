import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fontDir } from "./font.js";

/**
 * The ticket's glyphs, drawn once by Skia in a short child process (atlas-cli) and kept on disk,
 * so that the kiosk composes its text in plain JavaScript and never loads Skia (about 19 MiB
 * resident). For each face (size in dots, bold or not): each character's 8-bit coverage, its
 * offset from the pen and its advance. Advances are also kept per em (Skia's advances are linear
 * in the size), so lines are measured and fitted at any size before a face is drawn.
 */
export interface Glyph {
  advance: number;
  /** Offset of the bitmap's left column from the pen, and of its top row from the baseline. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Coverage 0–255, `width × height`, row by row. */
  coverage: Uint8Array;
}

export interface Face {
  size: number;
  bold: boolean;
}

/** What the child is asked for: advances of `chars`, and each face's glyphs of `chars`. */
export interface AtlasRequest {
  dir: string;
  key: string;
  chars: string;
  faces: Array<Face & { chars: string }>;
}

/** Files as the child writes them (JSON): one for advances per em, one per face. */
export interface EmFile {
  regular: Record<string, number>;
  bold: Record<string, number>;
  /** Pair adjustments per em, for the label's characters. */
  kern?: { regular: Record<string, number>; bold: Record<string, number> };
}
/**
 * A face's file: a 4-byte length, a JSON table `{ char: [advance, left, top, width, height,
 * offset] }`, then the coverage bytes. Binary rather than base64 in JSON: read back, the bitmaps
 * stay one Buffer outside the JavaScript heap and the table is a few kilobytes to parse.
 */
export function encodeFace(glyphs: Map<string, Glyph>): Buffer {
  const table: Record<string, [number, number, number, number, number, number]> = {};
  let offset = 0;
  for (const [ch, g] of glyphs) {
    table[ch] = [g.advance, g.left, g.top, g.width, g.height, offset];
    offset += g.coverage.length;
  }
  const head = Buffer.from(JSON.stringify(table));
  const out = Buffer.alloc(4 + head.length + offset);
  out.writeUInt32BE(head.length, 0);
  head.copy(out, 4);
  let at = 4 + head.length;
  for (const g of glyphs.values()) {
    out.set(g.coverage, at);
    at += g.coverage.length;
  }
  return out;
}

export function decodeFace(file: Buffer): Map<string, Glyph> {
  const length = file.readUInt32BE(0);
  const table = JSON.parse(file.toString("utf8", 4, 4 + length)) as Record<
    string,
    [number, number, number, number, number, number]
  >;
  const data = file.subarray(4 + length);
  const glyphs = new Map<string, Glyph>();
  for (const [ch, [advance, left, top, width, height, offset]] of Object.entries(table))
    glyphs.set(ch, {
      advance,
      left,
      top,
      width,
      height,
      coverage: data.subarray(offset, offset + width * height),
    });
  return glyphs;
}

/** Bump when the files' layout or the way glyphs are drawn changes. */
const FORMAT = 3;
export const FONT_FILES = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" } as const;

/** Vietnamese letters (NFC, both cases), digits and the punctuation of ticket lines. */
const VIETNAMESE =
  "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz";
export const BASE_CHARS = [
  ...new Set(`${VIETNAMESE}${VIETNAMESE.toUpperCase()}0123456789 \u00a0.,:;!?-–—/()<>"'+&%#*…`),
].join("");
/** Large faces only draw what a number label holds (`TP-001`); anything else is added on demand. */
export const LABEL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
const LARGE = 48;

export const faceName = (f: Face) => `${f.size}${f.bold ? "b" : "r"}`;

export function emPath(dir: string, key: string): string {
  return join(dir, `${key}-em.json`);
}
export function facePath(dir: string, key: string, face: Face): string {
  return join(dir, `${key}-${faceName(face)}.bin`);
}

/** Where the atlas lives: $MOTCUA_ATLAS_DIR, else the system's temporary folder. */
export function atlasDir(): string {
  return process.env.MOTCUA_ATLAS_DIR || join(tmpdir(), "motcua-ticket-atlas");
}

/**
 * The cache key: the font files (path, size, time) and the format, so a new font redraws. A
 * 64-bit FNV-1a of those facts, not a cryptographic hash: nobody forges a cache key, and
 * node:crypto would cost the kiosk close to 1 MiB of resident memory (issue 11).
 */
export function atlasKey(): string {
  let facts = String(FORMAT);
  for (const file of Object.values(FONT_FILES)) {
    const path = join(fontDir(), file);
    const st = statSync(path);
    facts += `\0${path}\0${st.size}\0${st.mtimeMs}`;
  }
  return fnv1a64(facts);
}

/** FNV-1a, 64 bits, of the text's UTF-16 code units: 16 hexadecimal digits. */
export function fnv1a64(text: string): string {
  const prime = 0x100000001b3n;
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * prime);
  return hash.toString(16).padStart(16, "0");
}

/** `node atlas-cli.js` from the build; from the sources (tests, tsx) through tsx. */
function childCommand(request: AtlasRequest): string[] {
  const here = import.meta.url;
  const ts = here.endsWith(".ts");
  const cli = fileURLToPath(new URL(ts ? "./atlas-cli.ts" : "./atlas-cli.js", here));
  const loader = ts ? ["--import", pathToFileURL(createRequire(here).resolve("tsx")).href] : [];
  return [...loader, cli, JSON.stringify(request)];
}

export class AtlasError extends Error {}

export class GlyphAtlas {
  readonly dir: string;
  private keyValue: string | undefined;
  private em: { regular: Map<string, number>; bold: Map<string, number> } = {
    regular: new Map(),
    bold: new Map(),
  };
  private kerning: { regular: Map<string, number>; bold: Map<string, number> } = {
    regular: new Map(),
    bold: new Map(),
  };
  /** Per face, the glyphs read so far: only those tickets used, not the whole face file. */
  private readonly faces = new Map<string, Map<string, Glyph>>();
  /** How many times a child was started (for tests and the log). */
  builds = 0;

  /** Bytes of glyph coverage this process holds (for tests): the glyphs used, not the faces. */
  get coverageBytes(): number {
    let n = 0;
    for (const face of this.faces.values()) for (const g of face.values()) n += g.coverage.length;
    return n;
  }

  constructor(dir: string = atlasDir()) {
    this.dir = dir;
  }

  get key(): string {
    this.keyValue ??= atlasKey();
    return this.keyValue;
  }

  /** Width of `text` at `face`, from the advances per em (kerning is not applied). */
  measure(text: string, face: Face): number {
    this.ensure(text, []);
    const em = face.bold ? this.em.bold : this.em.regular;
    let w = 0;
    let prev = "";
    for (const ch of text) {
      w += (em.get(ch) as number) + this.kern(prev, ch, face);
      prev = ch;
    }
    return w * face.size;
  }

  /** The pair's kerning per em (0 for pairs outside the label's characters). */
  kern(a: string, b: string, face: Face): number {
    return (face.bold ? this.kerning.bold : this.kerning.regular).get(a + b) ?? 0;
  }

  /** The glyphs of `text` at `face`, drawn first if the atlas lacks any of them. */
  glyphs(text: string, face: Face): Glyph[] {
    this.ensure(text, [face]);
    const map = this.faces.get(faceName(face)) as Map<string, Glyph>;
    return Array.from(text, (ch) => map.get(ch) as Glyph);
  }

  /** Makes sure of `chars` (advances, and glyphs at `faces`), starting the child synchronously if needed. */
  ensure(chars: string, faces: Face[]): void {
    const request = this.missing(
      chars,
      faces.map((f) => ({ ...f, chars })),
    );
    if (request === undefined) return;
    this.builds++;
    const [cmd, ...args] = [process.execPath, ...childCommand(request)];
    const run = spawnSync(cmd as string, args, { encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0)
      throw new AtlasError(`the glyph atlas could not be drawn: ${run.stderr || run.error}`);
    if (
      this.missing(
        chars,
        faces.map((f) => ({ ...f, chars })),
      ) !== undefined
    )
      throw new AtlasError("the glyph atlas lacks characters after being drawn");
  }

  /**
   * The same without blocking, each face with its own characters: for the kiosk's start-up.
   * The child is always asked and checks the files itself (it loads Skia only to draw what they
   * lack), so this process reads no face here: a ticket reads back only those it uses.
   */
  async prepare(chars: string, faces: Array<Face & { chars: string }>): Promise<void> {
    this.builds++;
    const unique = (text: string) => [...new Set(text)].join("");
    const request: AtlasRequest = {
      dir: this.dir,
      key: this.key,
      chars: unique(chars),
      faces: faces.map((f) => ({ size: f.size, bold: f.bold, chars: unique(f.chars) })),
    };
    const child = spawn(process.execPath, childCommand(request), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new AtlasError(`the glyph atlas could not be drawn: ${stderr}`);
    this.loadEm();
  }

  /** What the atlas lacks, after reading its files from disk; undefined when nothing. */
  private missing(chars: string, faces: Array<Face & { chars: string }>): AtlasRequest | undefined {
    const lacks = (have: (ch: string) => boolean) => [...new Set(chars)].filter((c) => !have(c)).join("");
    const emLacks = () => lacks((c) => this.em.regular.has(c) && this.em.bold.has(c));
    if (emLacks() !== "") this.loadEm();
    const wanted: AtlasRequest["faces"] = [];
    for (const face of faces) {
      const name = faceName(face);
      const lacks = (have: (ch: string) => boolean) =>
        [...new Set(face.chars)].filter((c) => !have(c)).join("");
      let faceLacks = lacks((c) => this.faces.get(name)?.has(c) ?? false);
      if (faceLacks !== "") {
        this.readGlyphs(face, faceLacks);
        faceLacks = lacks((c) => this.faces.get(name)?.has(c) ?? false);
      }
      if (faceLacks !== "") wanted.push({ size: face.size, bold: face.bold, chars: faceLacks });
    }
    const emMissing = emLacks();
    if (emMissing === "" && wanted.length === 0) return undefined;
    return { dir: this.dir, key: this.key, chars: emMissing, faces: wanted };
  }

  private loadEm(): void {
    const path = emPath(this.dir, this.key);
    if (!existsSync(path)) return;
    const file = JSON.parse(readFileSync(path, "utf8")) as EmFile;
    this.em = { regular: new Map(Object.entries(file.regular)), bold: new Map(Object.entries(file.bold)) };
    this.kerning = {
      regular: new Map(Object.entries(file.kern?.regular ?? {})),
      bold: new Map(Object.entries(file.kern?.bold ?? {})),
    };
  }

  /**
   * Reads `chars` of a face from its file, those it has: the table, then only their coverage.
   * A kiosk keeps the few dozen glyphs its tickets use rather than whole faces (a large face's
   * file is over 200 KB). Table and coverage come from one open file, so a face redrawn by
   * another process in between (renamed over it) never mixes two tables.
   */
  private readGlyphs(face: Face, chars: string): void {
    const path = facePath(this.dir, this.key, face);
    if (!existsSync(path)) return;
    const fd = openSync(path, "r");
    try {
      const read = (length: number, position: number) => {
        const out = Buffer.allocUnsafeSlow(length);
        if (readSync(fd, out, 0, length, position) !== length) throw new AtlasError(`${path} is cut short`);
        return out;
      };
      const length = read(4, 0).readUInt32BE(0);
      const table = JSON.parse(read(length, 4).toString("utf8")) as Record<
        string,
        [number, number, number, number, number, number]
      >;
      const found = [...chars].filter((ch) => Object.hasOwn(table, ch));
      const sizeOf = (ch: string) => (table[ch]?.[3] ?? 0) * (table[ch]?.[4] ?? 0);
      // One buffer for this read's glyphs, each read at its own offset.
      const data = Buffer.allocUnsafeSlow(found.reduce((n, ch) => n + sizeOf(ch), 0));
      const glyphs = this.faces.get(faceName(face)) ?? new Map<string, Glyph>();
      let at = 0;
      for (const ch of found) {
        const [advance, left, top, width, height, offset] = table[ch] as [
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const coverage = data.subarray(at, at + width * height);
        if (readSync(fd, coverage, 0, coverage.length, 4 + length + offset) !== coverage.length)
          throw new AtlasError(`${path} is cut short`);
        at += coverage.length;
        glyphs.set(ch, { advance, left, top, width, height, coverage });
      }
      this.faces.set(faceName(face), glyphs);
    } finally {
      closeSync(fd);
    }
  }
}

/** The characters a face draws beyond those asked for, so that one child run serves many tickets. */
export function baseCharsOf(face: Face): string {
  return face.size > LARGE ? LABEL_CHARS : BASE_CHARS;
}

let shared: GlyphAtlas | undefined;
/** The process's atlas (in $MOTCUA_ATLAS_DIR or the temporary folder). */
export function ticketAtlas(): GlyphAtlas {
  shared ??= new GlyphAtlas();
  return shared;
}
