/**
 * Debian's gammu-smsd as the peer of the SMS bench: one daemon per modem, the files backend in
 * a temporary folder, and a RunOnReceive script that answers every received SMS with a text of
 * the length and alphabet of motcua's confirmation (queued with gammu-smsd-inject, the way a
 * gammu-smsd site adds an automatic answer). It books nothing; it only answers.
 *
 * Its settings are the fastest gammu-smsd allows, so that the comparison is with gammu-smsd at
 * its best, not with its defaults (see gammu-smsdrc(5)):
 * - `LoopSleep = 0`: no sleep between rounds of its main loop (default 1 s; it takes whole seconds);
 * - `CommTimeout = 0`: an empty outbox is looked at again at once (default 30 s);
 * - `ReceiveFrequency = 0`: the modem is checked for new messages on every round, also while
 *   the outbox is busy (default 15 s while sending);
 * - `StatusFrequency = 0`, `CheckSecurity = 0`, `CheckBattery = 0`, `CheckSignal = 0`,
 *   `CheckNetwork = 0`: no battery, signal, network or PIN commands between messages (motcua
 *   asks for signal and registration every 30 s, nothing per message);
 * - `DeliveryReport = no`, the default, as motcua asks for none.
 * What remains is gammu's own pace: it asks the storage's use (AT+CPMS) on every round, waits
 * for the child of RunOnReceive, and its AT driver pauses within every AT+CMGS exchange (0.64 s
 * from the command to the modem's answer where the simulator takes 0.04 s; about 0.72 s a
 * message in all, whatever the modem's send delay).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GammuReply {
  text: string;
  /** The alphabet of motcua's replies: `ucs2` sends it with `-unicode`. */
  encoding: string;
}

export interface GammuSmsd {
  /** Resolves once every daemon has started its main loop (it polls the modem for messages). */
  ready(commands: () => Promise<Array<Record<string, number>>>): Promise<void>;
  /** Received messages saved in the inboxes whose sender is one of `senders`. */
  received(senders: readonly string[]): number;
  stop(): Promise<void>;
}

/** One gammu-smsd per device path, each with its own folders, answering with `reply`. */
export function startGammuSmsd(paths: readonly string[], reply: GammuReply): GammuSmsd {
  const root = mkdtempSync(join(tmpdir(), "motcua-bench-gammu-"));
  const daemons: ChildProcess[] = [];
  const dirs: string[] = [];
  paths.forEach((device, i) => {
    const dir = join(root, `modem${i}`);
    for (const sub of ["inbox", "outbox", "sent", "error"]) mkdirSync(join(dir, sub), { recursive: true });
    const rc = join(dir, "smsdrc");
    const script = join(dir, "reply.sh");
    writeFileSync(script, replyScript(rc, reply));
    chmodSync(script, 0o755);
    writeFileSync(rc, smsdrc(device, dir, script));
    const daemon = spawn("gammu-smsd", ["-c", rc], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" },
    });
    daemon.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text && !text.startsWith("Log filename")) process.stderr.write(`gammu-smsd ${i}: ${text}\n`);
    });
    daemon.on("error", (error) => process.stderr.write(`gammu-smsd ${i}: ${error.message}\n`));
    daemons.push(daemon);
    dirs.push(dir);
  });

  const files = (sub: string) =>
    dirs.flatMap((dir) => {
      try {
        return readdirSync(join(dir, sub));
      } catch {
        return [];
      }
    });

  return {
    async ready(commands) {
      // Started: its main loop asks the storage's use (AT+CPMS) round after round.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const seen = await commands();
        if (seen.every((c) => (c["AT+CPMS"] ?? 0) >= 3)) return;
        for (const [i, d] of daemons.entries())
          if (d.exitCode !== null)
            throw new Error(`gammu-smsd ${i} exited (${d.exitCode}): ${log(dirs[i] as string)}`);
        if (Date.now() > deadline) throw new Error("gammu-smsd did not start within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    received(senders) {
      // IN<date>_<time>_<serial>_<sender>_<part>.txt
      const wanted = new Set(senders);
      return files("inbox").filter((name) => wanted.has(name.split("_")[3] ?? "")).length;
    },
    async stop() {
      await Promise.all(
        daemons.map(async (d) => {
          if (d.exitCode !== null || d.signalCode !== null) return;
          const exited = new Promise((resolve) => d.once("exit", resolve));
          d.kill("SIGTERM");
          // It ends its current round first; a round may wait on the modem for seconds.
          const timer = setTimeout(() => d.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      if (process.env.BENCH_SMS_KEEP !== "1") rmSync(root, { recursive: true, force: true });
      else process.stderr.write(`gammu-smsd folders kept in ${root}\n`);
    },
  };
}

function smsdrc(device: string, dir: string, script: string): string {
  return `[gammu]
device = ${device}
connection = at115200

[smsd]
service = files
inboxpath = ${dir}/inbox/
outboxpath = ${dir}/outbox/
sentsmspath = ${dir}/sent/
errorsmspath = ${dir}/error/
logfile = ${dir}/smsd.log
debuglevel = ${process.env.BENCH_SMS_GAMMU_DEBUG ?? 0}
RunOnReceive = ${script}
LoopSleep = 0
CommTimeout = 0
ReceiveFrequency = 0
StatusFrequency = 0
CheckSecurity = 0
CheckBattery = 0
CheckSignal = 0
CheckNetwork = 0
DeliveryReport = no
`;
}

/** The answer: gammu-smsd runs it after saving each message, with the sender in SMS_1_NUMBER. */
function replyScript(rc: string, reply: GammuReply): string {
  const quoted = `'${reply.text.replaceAll("'", "'\\''")}'`;
  const options = [
    ...(reply.encoding === "ucs2" ? ["-unicode"] : []),
    ...(reply.text.length > 160 ? ["-len", String(reply.text.length)] : []),
  ].join(" ");
  return `#!/bin/sh
# Answers the message gammu-smsd just saved (RunOnReceive): queued in the outbox it sends from.
exec gammu-smsd-inject -c '${rc}' TEXT "$SMS_1_NUMBER" ${options} -text ${quoted}
`;
}

function log(dir: string): string {
  try {
    return readFileSync(join(dir, "smsd.log"), "utf8").split("\n").slice(-5).join(" | ");
  } catch {
    return "(no log)";
  }
}
