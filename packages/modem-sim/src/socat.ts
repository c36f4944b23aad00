import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { SimLogger } from "./types.js";

/** A running socat joining two pseudo-terminals: the modem end (for the link) and the simulator's end. */
export interface SocatPty {
  /** The link under test opens this path. */
  readonly modemPath: string;
  /** The simulator opens this path. */
  readonly simPath: string;
  readonly process: ChildProcess;
  /** Resolves when socat has exited. */
  readonly exited: Promise<void>;
  /** Ends socat (SIGTERM, SIGKILL after 2 s): both ends see their port close; the links are removed. */
  stop(): Promise<void>;
}

/**
 * `socat -d -d pty,raw,echo=0,link=<dir>/modem pty,raw,echo=0,link=<dir>/sim`; resolves once both
 * links exist and socat is moving data.
 */
export function startSocat(dir: string, log?: SimLogger): Promise<SocatPty> {
  const modemPath = join(dir, "modem");
  const simPath = join(dir, "sim");
  const child = spawn(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${modemPath}`, `pty,raw,echo=0,link=${simPath}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`socat did not start within 5 s: ${stderr}`));
    }, 5000);
    child.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new Error("socat is not installed (apt-get install socat)")
          : new Error(`socat: ${error.message}`),
      );
    });
    const early = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code ?? signal}): ${stderr}`));
    };
    child.once("exit", early);
    let started = false;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      for (const line of chunk.split("\n")) if (line.length > 0) log?.debug({ socat: line }, "socat");
      if (!started && stderr.includes("starting data transfer loop")) {
        started = true;
        clearTimeout(timer);
        child.off("exit", early);
        resolve({ modemPath, simPath, process: child, exited, stop });
      }
    });
  });
}
