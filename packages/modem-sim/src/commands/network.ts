import type { Handler, ParsedCommand } from "../at-server.js";
import type { ModemState } from "../state.js";
import { simError } from "./sim.js";

const LAC = "5A3C";
const CELL = "0A1B2C3";
/** `<AcT>` 7: E-UTRAN. */
const ACT = 7;

/** `<stat>` of the registration commands: 0 not searching (radio off, no SIM), 1, 2, 3, 5. */
export function registrationStat(state: ModemState): number {
  if (state.settings.cfun !== 1 || !state.simUsable) return 0;
  return { registered: 1, searching: 2, denied: 3, roaming: 5 }[state.network];
}

function registered(state: ModemState): boolean {
  const stat = registrationStat(state);
  return stat === 1 || stat === 5;
}

/** The fields after `<n>` (read) or the whole URC body: `<stat>[,"<lac>","<ci>",<AcT>]`. */
function location(state: ModemState, n: number): string {
  const stat = registrationStat(state);
  return n === 2 && (stat === 1 || stat === 5) ? `${stat},"${LAC}","${CELL}",${ACT}` : `${stat}`;
}

type RegKey = "creg" | "cgreg" | "cereg";

function registration(key: RegKey, name: string): Handler {
  return (command: ParsedCommand, server) => {
    const settings = server.state.settings;
    if (command.kind === "test") return { lines: [`${name}: (0-2)`] };
    if (command.kind === "read")
      return { lines: [`${name}: ${settings[key]},${location(server.state, settings[key])}`] };
    const n = command.kind === "exec" ? 0 : Number(command.args[0]);
    if (n !== 0 && n !== 1 && n !== 2) return { error: { cme: 50 } };
    settings[key] = n;
    return {};
  };
}

/** The URCs a registration change gives under the current `<n>` of CREG, CGREG and CEREG. */
export function registrationUrcs(state: ModemState): string[] {
  const lines: string[] = [];
  for (const [key, name] of [
    ["creg", "+CREG"],
    ["cgreg", "+CGREG"],
    ["cereg", "+CEREG"],
  ] as const) {
    const n = state.settings[key];
    if (n > 0) lines.push(`${name}: ${location(state, n)}`);
  }
  return lines;
}

const OPERATORS = {
  home: { long: "Viettel", short: "Viettel", numeric: "45204" },
  roaming: { long: "VINAPHONE", short: "VNPT", numeric: "45202" },
};

/** Registration, signal and operator. */
export const network: Record<string, Handler> = {
  "+CREG": registration("creg", "+CREG"),
  "+CGREG": registration("cgreg", "+CGREG"),
  "+CEREG": registration("cereg", "+CEREG"),
  // Packet-domain attach follows registration (gammu networkinfo asks).
  "+CGATT": (command, server) => {
    if (command.kind === "test") return { lines: ["+CGATT: (0,1)"] };
    if (command.kind === "read") return { lines: [`+CGATT: ${registered(server.state) ? 1 : 0}`] };
    const state = Number(command.args[0]);
    return state === 0 || state === 1 ? {} : { error: { cme: 50 } };
  },
  "+CSQ": (command, server) => {
    if (command.kind === "test") return { lines: ["+CSQ: (0-31,99),(0-7,99)"] };
    if (command.kind !== "exec") return { error: "ERROR" };
    const state = server.state;
    return {
      lines: [state.settings.cfun === 1 && registered(state) ? `+CSQ: ${state.rssi},99` : "+CSQ: 99,99"],
    };
  },
  "+COPS": (command, server) => {
    const state = server.state;
    if (command.kind === "test") {
      const error = simError(state, "cme");
      if (error !== undefined) return { error };
      return {
        lines: [
          '+COPS: (2,"Viettel","Viettel","45204",7),(1,"VINAPHONE","VNPT","45202",7),(1,"MOBIFONE","MOBIFONE","45201",7),,(0-4),(0-2)',
        ],
      };
    }
    if (command.kind === "read") {
      if (!registered(state)) return { lines: ["+COPS: 0"] };
      const operator = state.network === "roaming" ? OPERATORS.roaming : OPERATORS.home;
      const format = state.settings.copsFormat;
      const name = format === 2 ? operator.numeric : format === 1 ? operator.short : operator.long;
      return { lines: [`+COPS: 0,${format},"${name}",${ACT}`] };
    }
    const mode = Number(command.args[0] ?? 0);
    if (![0, 1, 2, 3, 4].includes(mode)) return { error: { cme: 50 } };
    if (mode === 3) {
      const format = Number(command.args[1] ?? 0);
      if (format !== 0 && format !== 1 && format !== 2) return { error: { cme: 50 } };
      state.settings.copsFormat = format;
    }
    return {};
  },
  // USSD (balance checks, *101#): the result presentation is set as on an EC25 (gammu-smsd turns
  // it on at start-up); a USSD string itself is refused, no network service being simulated.
  "+CUSD": (command, server) => {
    const settings = server.state.settings;
    if (command.kind === "read") return { lines: [`+CUSD: ${settings.cusd}`] };
    if (command.kind === "test") return { lines: ["+CUSD: (0-2)"] };
    const n = command.kind === "exec" ? 0 : Number(command.args[0] ?? 0);
    if (![0, 1, 2].includes(n)) return { error: { cme: 50 } };
    if (command.args[1] !== undefined && n !== 2) return { error: { cme: 4 } };
    if (n !== 2) settings.cusd = n;
    return {};
  },
};
