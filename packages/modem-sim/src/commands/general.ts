import type { Answer, Handler } from "../at-server.js";

const OK: Answer = {};

/** A basic command's numeric parameter (`ATE0` → 0, `ATE` → 0). */
function flag(params: string): number {
  return params.length === 0 ? 0 : Number(params);
}

/** V.250 basics and the settings every client touches: echo, result codes, errors, functionality. */
export const general: Record<string, Handler> = {
  "": () => OK,
  E: (command, server) => {
    const value = flag(command.params);
    if (value !== 0 && value !== 1) return { error: "ERROR" };
    server.state.settings.echo = value === 1;
    return OK;
  },
  V: (command, server) => {
    const value = flag(command.params);
    if (value !== 0 && value !== 1) return { error: "ERROR" };
    server.state.settings.verbose = value === 1;
    return OK;
  },
  // Quiet mode is not supported beyond its default.
  Q: (command) => (flag(command.params) === 0 ? OK : { error: "ERROR" }),
  X: () => OK,
  I: (command, server) =>
    flag(command.params) === 0 ? { lines: server.state.model.ati(server.state.imei) } : { error: "ERROR" },
  // ATZ and AT&F: the user profile and the factory profile are the same here.
  Z: (_command, server) => {
    resetProfile(server.state.settings, server.state.model.cmeeDefault);
    return OK;
  },
  "&F": (_command, server) => {
    resetProfile(server.state.settings, server.state.model.cmeeDefault);
    return OK;
  },
  "&C": () => OK,
  "&D": () => OK,
  "&K": () => OK,
  "&W": () => OK,
  "&V": () => OK,
  S0: (command) => (command.kind === "read" ? { lines: ["000"] } : OK),
  S3: (command) => (command.kind === "read" ? { lines: ["013"] } : OK),
  S4: (command) => (command.kind === "read" ? { lines: ["010"] } : OK),
  S7: (command) => (command.kind === "read" ? { lines: ["000"] } : OK),
  "+IPR": (command) => {
    if (command.kind === "read") return { lines: ["+IPR: 115200"] };
    if (command.kind === "test")
      return {
        lines: ["+IPR: (0,300,600,1200,2400,4800,9600,19200,38400,57600,115200,230400,460800,921600)"],
      };
    return OK;
  },
  "+IFC": (command) => (command.kind === "read" ? { lines: ["+IFC: 0,0"] } : OK),
  // No call is ever up: hanging up is a no-op (gammu probes AT+CHUP=?).
  "+CHUP": () => OK,
  "+GCAP": () => ({ lines: ["+GCAP: +CGSM,+FCLASS,+DS"] }),
  "+CMEE": (command, server) => {
    if (command.kind === "read") return { lines: [`+CMEE: ${server.state.settings.cmee}`] };
    if (command.kind === "test") return { lines: ["+CMEE: (0-2)"] };
    const value = command.kind === "exec" ? 0 : Number(command.args[0]);
    if (value !== 0 && value !== 1 && value !== 2) return { error: { cme: 50 } };
    server.state.settings.cmee = value;
    return OK;
  },
  "+CFUN": (command, server) => {
    const settings = server.state.settings;
    if (command.kind === "read") return { lines: [`+CFUN: ${settings.cfun}`] };
    if (command.kind === "test") return { lines: ["+CFUN: (0,1,4),(0,1)"] };
    const fun = Number(command.args[0]);
    const rst = command.args[1] === undefined ? 0 : Number(command.args[1]);
    if (![0, 1, 4].includes(fun) || ![0, 1].includes(rst)) return { error: { cme: 50 } };
    if (rst === 1) {
      // The answer goes out, then the modem restarts (banner after a moment).
      setImmediate(() => server.emit("reset"));
      return OK;
    }
    settings.cfun = fun;
    server.emit("changed");
    return OK;
  },
};

function resetProfile(settings: { echo: boolean; verbose: boolean; cmee: 0 | 1 | 2 }, cmee: 0 | 1 | 2): void {
  settings.echo = true;
  settings.verbose = true;
  settings.cmee = cmee;
}
