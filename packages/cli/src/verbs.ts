import type { Logger } from "@motcua/log";
import { leanHeap } from "./heap.js";

/**
 * A verb of the `motcua` command: a line for the overall usage, and how to run it. Its own
 * usage (`motcua <verb> --help`) lives with the verb's module, defined once there; `run` imports
 * that module only when the verb runs, so one role never loads another's libraries.
 */
export interface Verb {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A daemon's log is its output, one JSON line an event, on stdout for journald. */
async function daemonLog(level?: string): Promise<Logger> {
  const { createLogger } = await import("@motcua/log");
  return createLogger({ destination: "stdout", ...(level !== undefined ? { level } : {}) });
}

/** A device's daemon (pad, kiosk, display): lean heap, its module and its log loaded together. */
function deviceVerb(
  summary: string,
  load: () => Promise<(args: string[], log: Logger) => Promise<number>>,
): Verb {
  return {
    summary,
    run: async (args) => {
      leanHeap("device");
      const [run, log] = await Promise.all([load(), daemonLog()]);
      return run(args, log);
    },
  };
}

export const VERBS: Record<string, Verb> = {
  simulate: {
    summary: "replay a scenario through the queue core (JSON lines; - for stdin)",
    run: async (args) => (await import("./simulate-command.js")).runSimulate(args),
  },
  whatif: {
    summary: "replay a recorded period under another configuration, figures side by side",
    run: async (args) => (await import("./whatif-command.js")).runWhatIfCommand(args),
  },
  hub: {
    summary: "run the hub: broker, live queue, store and SMS",
    run: async (args) => {
      leanHeap("hub");
      return (await import("./hub.js")).runHub(args);
    },
  },
  counter: deviceVerb(
    "run one counter's button pad",
    async () => (await import("@motcua/counter")).runCounter,
  ),
  rating: deviceVerb(
    "run one counter's rating pad (the citizen's three keys)",
    async () => (await import("@motcua/rating")).runRating,
  ),
  kiosk: deviceVerb("run the ticket kiosk", async () => (await import("@motcua/kiosk")).runKiosk),
  display: deviceVerb(
    "serve the wall display page",
    async () => (await import("@motcua/display")).runDisplay,
  ),
  office: {
    summary: "the whole office on this machine, with the office simulator page",
    run: async (args) => {
      leanHeap("hub");
      // Only warnings by default: the office prints its addresses and the page shows the rest.
      const [{ runOffice }, log] = await Promise.all([
        import("@motcua/office"),
        daemonLog(process.env.MOTCUA_LOG_LEVEL ?? "warn"),
      ]);
      return runOffice(args, log);
    },
  },
  passwd: {
    summary: "hash a device password for the office configuration",
    run: async (args) => (await import("./passwd.js")).runPasswd(args),
  },
  user: {
    summary: "add, list, disable the staff console's accounts, or change a password",
    run: async (args) => (await import("./user.js")).runUser(args),
  },
};
