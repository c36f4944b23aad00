import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort, Signal } from "@motcua/hub/testing";

/**
 * Debian's Mosquitto (`mosquitto`, `mosquitto_pub`, `mosquitto_sub`) as an independent party
 * in tests: a broker that is not ours and clients that are not mqtt.js. `scripts/setup.sh`
 * installs them.
 */
export interface MosquittoTools {
  broker: string | undefined;
  pub: string | undefined;
  sub: string | undefined;
}

/** Finds an executable on PATH, then in /usr/sbin (where `mosquitto` lives, off a user's PATH). */
export function which(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function findMosquittoTools(): MosquittoTools {
  return { broker: which("mosquitto"), pub: which("mosquitto_pub"), sub: which("mosquitto_sub") };
}

/** The names of the missing tools, for a skip (or, under CI, a failure) message. */
export function missingTools(tools: MosquittoTools): string[] {
  return Object.entries({ mosquitto: tools.broker, mosquitto_pub: tools.pub, mosquitto_sub: tools.sub })
    .filter(([, path]) => path === undefined)
    .map(([name]) => name);
}

/**
 * A Mosquitto broker of our own on a loopback port, with its own configuration file (anonymous,
 * no persistence: a restart loses every retained message, like a broker replaced or rebooted).
 */
export class MosquittoBroker {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Everything the broker wrote, for failure messages. */
  output = "";

  private constructor(
    private readonly binary: string,
    readonly dir: string,
    readonly port: number,
    private readonly settings: readonly string[],
  ) {}

  /**
   * `settings` replace the anonymous access of the default configuration (a secured broker's
   * password file, ACL and limits); given the broker's own folder, they may write the files
   * they name into it.
   */
  static async start(
    binary: string,
    port?: number,
    settings: (dir: string) => readonly string[] = () => ["allow_anonymous true"],
  ): Promise<MosquittoBroker> {
    const dir = mkdtempSync(join(tmpdir(), "motcua-mosquitto-"));
    const broker = new MosquittoBroker(binary, dir, port ?? (await freePort()), settings(dir));
    try {
      await broker.launch();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  private async launch(): Promise<void> {
    const conf = join(this.dir, "mosquitto.conf");
    writeFileSync(
      conf,
      [
        `listener ${this.port} 127.0.0.1`,
        ...this.settings,
        "persistence false",
        "log_dest stderr",
        "log_type error",
        "log_type warning",
        "log_type notice",
        // "… running" once it listens: what the start waits for.
        "log_type information",
        "",
      ].join("\n"),
    );
    const child = spawn(this.binary, ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const from = this.output.length;
    const changed = new Signal();
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString("utf8");
      changed.notify();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    let gone = false;
    this.exited = new Promise<void>((resolve) => {
      const end = () => {
        if (this.child === child) this.child = undefined;
        gone = true;
        changed.notify();
        resolve();
      };
      child.once("exit", end);
      child.once("error", (error) => {
        this.output += `spawn error: ${error.message}\n`;
        end();
      });
    });
    try {
      await changed.until(
        () => {
          if (/ running\b/.test(this.output.slice(from))) return true;
          if (gone) throw new Error(`mosquitto exited at start:\n${this.output}`);
          return false;
        },
        () => `mosquitto to say it is running:\n${this.output}`,
        5000,
      );
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  /** Kills the broker outright (SIGKILL): its retained messages and sessions are gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill("SIGKILL");
    await this.exited;
  }

  /** Kills the broker and starts a new one on the same port (and configuration). */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  /** Stops the broker and removes its folder. */
  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killing it after `timeoutMs`). */
export function run(command: string, args: string[], timeoutMs = 5000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `mosquitto_pub` of one message, QoS 1 by default: exit code 0 means the broker acknowledged it. */
export function mosquittoPub(
  tools: MosquittoTools,
  port: number,
  topic: string,
  message: string,
  qos: 0 | 1 = 1,
): Promise<RunResult> {
  if (!tools.pub) throw new Error("mosquitto_pub is missing");
  return run(tools.pub, [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-V",
    "mqttv311",
    "-q",
    String(qos),
    "-t",
    topic,
    "-m",
    message,
  ]);
}

/** A message as `mosquitto_sub` printed it. */
export interface SubMessage {
  topic: string;
  payload: string;
  retained: boolean;
}

// One message a line: a marker, the retained flag, the topic, then the payload (JSON, one line).
const FORMAT = "motcua-msg %r %t %p";

/**
 * A running `mosquitto_sub` that stops after `count` messages or `timeoutSeconds` (`-C`, `-W`).
 * `subscribed` resolves once the broker acknowledged the subscription (its `-d` SUBACK line),
 * so a test can publish knowing the subscriber will hear it.
 */
export class MosquittoSub {
  readonly subscribed: Promise<void>;
  readonly done: Promise<SubMessage[]>;
  private readonly child: ChildProcess;
  private stdout = "";
  private stderr = "";

  constructor(tools: MosquittoTools, port: number, topic: string, count = 1, timeoutSeconds = 5) {
    if (!tools.sub) throw new Error("mosquitto_sub is missing");
    // Its stdout is a pipe, so fully buffered: the SUBACK line would come only at its exit.
    // coreutils' stdbuf makes it line-buffered.
    const stdbuf = which("stdbuf");
    if (!stdbuf) throw new Error("stdbuf (coreutils) is missing");
    this.child = spawn(
      stdbuf,
      [
        "-oL",
        tools.sub,
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-V",
        "mqttv311",
        "-d",
        "-q",
        "1",
        "-C",
        String(count),
        "-W",
        String(timeoutSeconds),
        "-F",
        FORMAT,
        "-t",
        topic,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const child = this.child;
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.subscribed = new Promise((resolve, reject) => {
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        this.stdout += chunk;
        if (/received SUBACK/.test(this.stdout)) resolve();
      });
      child.once("close", () => reject(new Error(`mosquitto_sub ended before its SUBACK:\n${this.log}`)));
    });
    // A rejection nobody waits for is not an error of the test.
    this.subscribed.catch(() => {});
    this.done = new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("close", () => resolve(this.messages()));
    });
  }

  /** What it printed so far, for failure messages. */
  get log(): string {
    return `${this.stdout}${this.stderr}`;
  }

  messages(): SubMessage[] {
    const out: SubMessage[] = [];
    for (const line of this.stdout.split("\n")) {
      const m = /^motcua-msg (\d) (\S+) (.*)$/.exec(line);
      if (m) out.push({ retained: m[1] === "1", topic: m[2] as string, payload: m[3] as string });
    }
    return out;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
