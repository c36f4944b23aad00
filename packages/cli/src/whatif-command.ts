import { existsSync } from "node:fs";
import { parseFlags, UsageError } from "./flags.js";

export const WHATIF_USAGE = `motcua whatif — the recorded period replayed under another configuration (docs/whatif.md)

Usage: pnpm motcua whatif --config NEW.yaml --from DATE --to DATE [--data DIR] [--store FILE] [--json]

  --config FILE   the configuration to try (one more counter, other sessions, another share…)
  --from DATE     the period's first day, YYYY-MM-DD (office time)
  --to DATE       its last day, included
  --data DIR      where the hub's store lives (default $MOTCUA_DATA, else ~/.local/share/motcua)
  --store FILE    the store file itself (default DIR/<office>.sqlite)
  --json          the comparison as JSON for machines instead of a table for people

The store is opened read-only: a running hub is not disturbed and nothing is written.
Progress and logs are JSON lines on standard error. A broken configuration exits 2 with every
bad field named; a period with nothing recorded exits 1.`;

/** `motcua whatif`: flags, then the replay of the period (@motcua/whatif) off the store, read-only. */
export async function runWhatIfCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    {
      args,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        data: { type: "string" },
        store: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    },
    WHATIF_USAGE,
  );
  if (values.help) {
    process.stdout.write(`${WHATIF_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"`, WHATIF_USAGE);
  if (values.config === undefined || values.from === undefined || values.to === undefined)
    throw new UsageError("--config, --from and --to are required", WHATIF_USAGE);
  const [
    { loadOfficeConfig },
    { createLogger, moduleLogger },
    whatif,
    { defaultDataDir, openStore, storePath },
  ] = await Promise.all([
    import("@motcua/config"),
    import("@motcua/log"),
    import("@motcua/whatif"),
    import("@motcua/store"),
  ]);
  try {
    whatif.checkPeriod(values.from, values.to);
  } catch (error) {
    if (error instanceof whatif.WhatIfError) throw new UsageError(error.message, WHATIF_USAGE);
    throw error;
  }
  // A broken file throws ConfigError, every bad field named: the command exits 2.
  const config = loadOfficeConfig(values.config, process.env);
  const log = moduleLogger(createLogger({ destination: "stderr" }), "motcua:whatif");
  const path = values.store ?? storePath(config.office.id, values.data ?? defaultDataDir());
  if (!existsSync(path)) {
    log.error({ store: path }, `no store at ${path} (--data DIR or --store FILE)`);
    return 2;
  }
  let store: ReturnType<typeof openStore>;
  try {
    store = openStore({ path, readonly: true });
  } catch (error) {
    // Not a motcua store, a newer one, one an older hub left unmigrated: said in one line.
    if (!(error instanceof Error) || error.name !== "StoreError") throw error;
    log.error({ store: path }, error.message);
    return 2;
  }
  try {
    const started = performance.now();
    const result = await whatif.runWhatIf({
      source: {
        entries: (fromSeq) => store.storedEntries(fromSeq),
        seed: store.getMeta<number>("seed") ?? 0,
        configBase: store.getMeta<unknown>("configBase"),
      },
      config,
      from: values.from,
      to: values.to,
      onProgress: (p) => log.info(p, "whatif progress"),
    });
    log.info(
      {
        entries: result.entries,
        ms: Math.round(performance.now() - started),
        divergences: result.divergences,
      },
      "whatif done",
    );
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const names = Object.fromEntries(config.services.map((s) => [s.code, s.name]));
      process.stdout.write(`${whatif.formatWhatIf(result, names)}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof whatif.WhatIfError)) throw error;
    if (error.code === "empty_period") {
      log.warn({ from: values.from, to: values.to }, error.message);
      process.stdout.write(
        `Không có dữ liệu từ ${values.from} đến ${values.to} / nothing recorded from ${values.from} to ${values.to}\n`,
      );
      return 1;
    }
    log.error({ code: error.code }, error.message);
    return 2;
  } finally {
    store.close();
  }
}
