import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGpio, createSimDisplay } from "@motcua/gpio";
import { kioskPins, startKiosk } from "@motcua/kiosk";
import { createLogger } from "@motcua/log";
import { FilePrinter, PAPER_DOTS, type Printer } from "@motcua/printer";
import { benchOffice, connect, freePort, progress, spawnHub, stats } from "./lib.js";

const _root = fileURLToPath(new URL("..", import.meta.url));
const O = "motcua/bench";
const PRESSES = 300;

/** The file printer, with the moment the last byte is handed over and the moment it is on disk. */
class TimedPrinter implements Printer {
  handedAt = 0;
  writtenAt = 0;
  constructor(private readonly inner: FilePrinter) {}
  get name() {
    return this.inner.name;
  }
  get paperDots() {
    return this.inner.paperDots;
  }
  status() {
    return this.inner.status();
  }
  async print(bytes: Uint8Array) {
    // The whole ticket arrives in one buffer: its last byte is handed over now.
    this.handedAt = performance.now();
    const result = await this.inner.print(bytes);
    this.writtenAt = performance.now();
    return result;
  }
  close() {
    return this.inner.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-kiosk-"));
  const office = benchOffice(40, { smsNumber: "0912345678" });
  // Presses one after another from one client: the per-device rate limit is not what is measured.
  const config = {
    ...office,
    hub: { ...office.hub, requestRate: { burst: 1_000_000, perSecond: 1_000_000 } },
  };
  const [mqttPort, wsPort] = [await freePort(), await freePort()];
  const url = `mqtt://127.0.0.1:${mqttPort}`;
  progress("start hub", { mqttPort });
  const hub = await spawnHub(dir, config, mqttPort, wsPort);
  try {
    const listener = await connect(url);
    const sender = await connect(url);
    const waiters = new Map<string, (t: number) => void>();
    listener.on("message", (topic, payload) => {
      const now = performance.now();
      if (topic === `${O}/kiosk/2/ticket`) waiters.get(JSON.parse(payload.toString()).requestId)?.(now);
      else waiters.get(topic)?.(now);
    });
    await listener.subscribeAsync([`${O}/kiosk/2/ticket`, `${O}/device/floor/status`], { qos: 1 });
    const wait = (key: string) => new Promise<number>((resolve) => waiters.set(key, resolve));

    progress("floor");
    const floor: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const got = wait(`${O}/device/floor/status`);
      const t0 = performance.now();
      sender.publish(`${O}/device/floor/status`, '"online"', { qos: 1 }); // the broker relays presence only as the contract writes it
      floor.push((await got) - t0);
    }

    progress("hub round trip");
    const roundTrip: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      const got = wait(`r${i}`);
      const t0 = performance.now();
      sender.publish(`${O}/kiosk/2/press`, JSON.stringify({ id: `r${i}`, service: "TP" }), { qos: 1 });
      roundTrip.push((await got) - t0);
    }

    const rows: (string | number)[][] = [];
    const f = stats(floor);
    const row = (name: string, samples: number[]) => {
      const s = stats(samples);
      rows.push([
        name,
        s.n,
        s.p50.toFixed(2),
        s.p99.toFixed(2),
        (s.p50 / f.p50).toFixed(1),
        (s.p99 / f.p99).toFixed(1),
      ]);
      return s;
    };
    rows.push(["bare broker publish→receive (floor)", f.n, f.p50.toFixed(2), f.p99.toFixed(2), "1.0", "1.0"]);
    row("hub round trip: press → ticket answer (no kiosk)", roundTrip);

    for (const paper of ["58", "80"] as const) {
      progress("kiosk", { paper });
      const printer = new TimedPrinter(
        new FilePrinter(join(dir, `tickets-${paper}`), { paperDots: PAPER_DOTS[paper], png: false }),
      );
      const gpio = await createGpio({ backend: "sim", pins: kioskPins(config) });
      const kiosk = await startKiosk({
        hubUrl: url,
        kiosk: "1",
        config,
        printer,
        gpio,
        display: createSimDisplay(),
        log: createLogger({ level: "silent" }),
        statusPollMs: 60_000,
      });
      await kiosk.connected();
      let settle: (() => void) | undefined;
      kiosk.onEvent((e) => {
        if (e.type === "press") {
          if (e.outcome !== "printed") throw new Error(`press ${e.outcome}`);
          last = e.ms;
          settle?.();
        }
      });
      const handed: number[] = [];
      const written: number[] = [];
      const parts = {
        status: [] as number[],
        hub: [] as number[],
        layout: [] as number[],
        print: [] as number[],
      };
      let last: { status: number; hub: number; layout: number; print: number } | undefined;
      // Warm-up: the font and the canvas load on the first ticket.
      for (let i = 0; i < PRESSES + 5; i++) {
        const done = new Promise<void>((resolve) => {
          settle = resolve;
        });
        const t0 = performance.now();
        gpio.press("TP");
        await done;
        if (i >= 5) {
          for (const k of ["status", "hub", "layout", "print"] as const)
            parts[k].push(last?.[k] ?? Number.NaN);
          handed.push(printer.handedAt - t0);
          written.push(printer.writtenAt - t0);
        }
      }
      await kiosk.stop();
      row(`**kiosk ${paper} mm: button → last byte handed to the printer**`, handed);
      row(`kiosk ${paper} mm: button → ticket file written`, written);
      row(`  of which: printer status (DLE EOT, simulated)`, parts.status);
      row(`  of which: hub (press → answer at the kiosk)`, parts.hub);
      row(`  of which: ticket layout and raster (${PAPER_DOTS[paper]} dots)`, parts.layout);
      row(`  of which: file write`, parts.print);
    }

    await listener.endAsync();
    await sender.endAsync();

    process.stdout.write(
      [
        "| measure | samples | p50 ms | p99 ms | p50 ÷ floor | p99 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
        ...rows.map((r) => `| ${r.join(" | ")} |`),
        "",
        `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}; load average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}.`,
        "",
      ].join("\n"),
    );
  } finally {
    hub.kill("SIGTERM");
    await new Promise((r) => hub.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
