import { CONFIG_VERSION } from "./schema.js";

/** Each step takes a document of version N and returns version N + 1. */
const steps: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * Brings a configuration document to the current version. A missing `version` is read as the
 * current one, so hand-written files stay short; a newer version than this program knows is refused.
 */
export function migrate(document: unknown): unknown {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return document;
  let doc = { ...(document as Record<string, unknown>) };
  doc.version ??= CONFIG_VERSION;
  if (typeof doc.version !== "number") return doc;
  if (doc.version > CONFIG_VERSION) {
    throw new Error(
      `version ${doc.version} is newer than this motcua understands (${CONFIG_VERSION}); update motcua`,
    );
  }
  while ((doc.version as number) < CONFIG_VERSION) {
    const step = steps[doc.version as number];
    if (!step) throw new Error(`no migration from version ${doc.version}`);
    doc = step(doc);
  }
  return doc;
}
