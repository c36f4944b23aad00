/**
 * SMS burst benchmark (issue 4): 300 booking SMS arriving at once (the morning rush) through
 * the real hub, the real modem link and the modem simulator on socat pseudo-terminals: all
 * answered, none lost or doubled; the time to the last reply against the floor set by the
 * modem's send delay × segments ÷ modems, for one modem and for a pool of three.
 *
 *   pnpm bench:sms
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { ScaledClock, startHub } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import { type ModemSimulator, startModemSimulator } from "@motcua/modem-sim";

const MESSAGES = Number(process.env.BENCH_SMS_MESSAGES ?? 300);
/** Per segment; a real modem takes 6–10 s (6–10 SMS a minute): scaled down, the ratio is what counts. */
const SEND_DELAY_MS = 40;
const progress = (step: string, extra: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ ns: "motcua:bench", step, ...extra })}\n`);

const procedures = ["KS", "KT", "KH", "CT", "CK", "XN", "HG", "XD", "TC"];

async function run(modems: number) {
  const dataDir = mkdtempSync(join(tmpdir(), "motcua-bench-sms-"));
  const sims: ModemSimulator[] = [];
  for (let i = 0; i < modems; i++) sims.push(await startModemSimulator({ sendDelayMs: SEND_DELAY_MS }));
  const config = loadOfficeConfig();
  const hub = await startHub({
    config: {
      ...config,
      hub: { ...config.hub, host: "127.0.0.1" },
      reminders: { eveningBefore: null, minutesBefore: null },
    },
    dataDir,
    mqttPort: 0,
    wsPort: 0,
    modem: sims.map((s) => s.path),
    clock: new ScaledClock(Date.parse("2026-11-25T08:00:00+07:00")),
    log: createLogger({ level: "warn" }),
  });
  try {
    // Wait for every modem to be ready, so the burst measures sending, not start-up.
    for (;;) {
      const status = hub.sms?.pool.status();
      if (status?.modems.every((m) => m.state === "ready")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    progress("burst", { modems });
    const phones = Array.from({ length: MESSAGES }, (_, i) => `+8491${String(10_000_000 + i).slice(1)}`);
    const t0 = performance.now();
    phones.forEach((from, i) => {
      const sim = sims[i % sims.length] as ModemSimulator;
      sim.inject({ from, text: `DK Nguyen Van ${i} ${procedures[i % procedures.length]} 26/11` });
    });
    const answered = new Set<string>();
    let last = t0;
    for (;;) {
      const sent = sims.flatMap((s) => s.sent);
      for (const m of sent) answered.add(m.to);
      if (answered.size >= MESSAGES) {
        last = performance.now();
        break;
      }
      if (performance.now() - t0 > 600_000) throw new Error(`only ${answered.size} of ${MESSAGES} answered`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const sent = sims.flatMap((s) => s.sent);
    const segments = sent.reduce((n, m) => n + (m.parts?.length ?? 1), 0);
    const doubled = sent.length - new Set(sent.map((m) => m.to)).size;
    const missing = phones.filter((p) => !answered.has(p)).length;
    const inputs = [...hub.store.entries()].filter((e) => e.input.type === "sms").length;
    const floorMs = (segments * SEND_DELAY_MS) / modems;
    const wallMs = last - t0;
    return {
      modems,
      messages: MESSAGES,
      inputs,
      answered: answered.size,
      missing,
      doubled,
      segments,
      floorMs,
      wallMs,
    };
  } finally {
    await hub.stop();
    await Promise.all(sims.map((s) => s.close()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [await run(1), await run(3)];
process.stdout.write(
  [
    `| modems | SMS in | logged | answered | lost | doubled | segments | floor (delay ${SEND_DELAY_MS} ms × segments ÷ modems) | last reply after | ratio |`,
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.modems} | ${r.messages} | ${r.inputs} | ${r.answered} | ${r.missing} | ${r.doubled} | ${r.segments} | ${(r.floorMs / 1000).toFixed(1)} s | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.wallMs / r.floorMs).toFixed(2)} |`,
    ),
    "",
  ].join("\n"),
);
for (const r of rows) if (r.missing > 0 || r.doubled > 0 || r.inputs !== r.messages) process.exitCode = 1;
