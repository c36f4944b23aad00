import { CONFIG_VERSION } from "./schema.js";
import { type Migrated, MigrationError, type MigrationStep, type Move, migrateVersions } from "./versions.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `record` with `from` renamed `to`, keeping the order of the keys. */
function renamed(record: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

/**
 * Version 1 → 2: `display.voice.name` becomes `display.voice.espeakVoice`. Everywhere else in
 * the file `name` is text people read (the office's, a session's, a counter's, a service's);
 * the voice's was an espeak-ng voice id (`vi`, `vi-vn-x-south`), and a technician took it for
 * a label. Version 2 is also the format in which the `display:` section belongs to the one
 * schema: checked with the rest of the file, where version 1 left it to the display.
 */
const espeakVoiceNamed: MigrationStep = (doc, moves) => {
  const display = doc.display;
  if (!isRecord(display) || !isRecord(display.voice) || !Object.hasOwn(display.voice, "name")) return doc;
  if (Object.hasOwn(display.voice, "espeakVoice"))
    throw new MigrationError(
      ["display", "voice", "name"],
      "a version-1 file names the voice `name`, a version-2 file `espeakVoice`: keep espeakVoice and write version: 2",
    );
  const from: Move["from"] = ["display", "voice", "name"];
  moves.push({ from, to: ["display", "voice", "espeakVoice"] });
  return { ...doc, display: { ...display, voice: renamed(display.voice, "name", "espeakVoice") } };
};

/** Each step takes a document of version N and returns version N + 1. */
const STEPS: Readonly<Record<number, MigrationStep>> = { 1: espeakVoiceNamed };

/** Brings an office document to the current version, saying which fields moved. */
export function migrateOffice(document: unknown): Migrated {
  return migrateVersions(document, CONFIG_VERSION, STEPS);
}

/**
 * Brings a configuration document to the current version. A missing `version` is version 1;
 * a newer version than this program knows is refused (a MigrationError naming `version`).
 */
export function migrate(document: unknown): unknown {
  return migrateOffice(document).document;
}
