import type { Handler } from "../at-server.js";
import { simError } from "./sim.js";

/** Identification: what `gammu identify` and a link's log ask first. */
export const identity: Record<string, Handler> = {
  "+CGMI": (command, server) => exec(command.kind, [server.state.model.manufacturer]),
  "+GMI": (command, server) => exec(command.kind, [server.state.model.manufacturer]),
  "+CGMM": (command, server) => exec(command.kind, [server.state.model.model]),
  "+GMM": (command, server) => exec(command.kind, [server.state.model.model]),
  "+CGMR": (command, server) => exec(command.kind, [server.state.model.revision]),
  "+GMR": (command, server) => exec(command.kind, [server.state.model.revision]),
  "+CGSN": (command, server) => exec(command.kind, [server.state.imei]),
  "+GSN": (command, server) => exec(command.kind, [server.state.imei]),
  "+CIMI": (command, server) => {
    const error = simError(server.state, "cme");
    if (error !== undefined) return { error };
    return exec(command.kind, [server.state.imsi]);
  },
  "+CCID": (command, server) => iccid(command.kind, server.state.simPresent, `+CCID: ${server.state.iccid}`),
  "+QCCID": (command, server) =>
    server.state.model.quectel
      ? iccid(command.kind, server.state.simPresent, `+QCCID: ${server.state.iccid}`)
      : { error: "ERROR" },
  "+ICCID": (command, server) =>
    server.state.model.name === "SIM7600"
      ? iccid(command.kind, server.state.simPresent, `ICCID: ${server.state.iccid}`)
      : { error: "ERROR" },
  "^ICCID": (command, server) =>
    server.state.model.huawei
      ? iccid(command.kind, server.state.simPresent, `^ICCID: ${server.state.iccid}`)
      : { error: "ERROR" },
};

function exec(kind: string, lines: string[]) {
  return kind === "exec" ? { lines } : kind === "test" ? {} : { error: "ERROR" as const };
}

function iccid(kind: string, present: boolean, line: string) {
  if (!present) return { error: { cme: 10 } };
  return exec(kind, [line]);
}
