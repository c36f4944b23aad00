import type { Handler } from "../at-server.js";
import type { ModemState } from "../state.js";
import type { AtError } from "../types.js";

/** The SIM's PUK in the simulator. */
export const PUK = "12345678";

/**
 * Why the SIM cannot be used, as a `+CME ERROR` (10 not inserted, 11 PIN, 12 PUK) or the matching
 * `+CMS ERROR` (310, 311, 316) of the SMS commands; undefined when it can.
 */
export function simError(state: ModemState, family: "cme" | "cms"): AtError | undefined {
  const code = !state.simPresent
    ? [10, 310]
    : state.pinState === "SIM PIN"
      ? [11, 311]
      : state.pinState === "SIM PUK"
        ? [12, 316]
        : undefined;
  if (code === undefined) return undefined;
  return family === "cme" ? { cme: code[0] as number } : { cms: code[1] as number };
}

/** The SIM: PIN status and entry (three wrong PINs lock it), lock query, phonebook (gammu asks). */
export const sim: Record<string, Handler> = {
  "+CPIN": (command, server) => {
    const state = server.state;
    if (command.kind === "test") return {};
    if (!state.simPresent) return { error: { cme: 10 } };
    if (command.kind === "read") return { lines: [`+CPIN: ${state.pinState}`] };
    if (command.kind !== "set") return { error: { cme: 50 } };
    state.pinAttempts++;
    const [code, newPin] = command.args;
    if (state.pinState === "READY") return { error: { cme: 3 } };
    const right = state.pinState === "SIM PIN" ? code === state.pin : code === PUK && newPin !== undefined;
    if (!right) {
      state.pinFailures++;
      if (state.pinState === "SIM PIN" && state.pinFailures >= 3) state.pinState = "SIM PUK";
      return { error: { cme: 16 } };
    }
    if (state.pinState === "SIM PUK" && newPin !== undefined) state.pin = newPin;
    state.pinState = "READY";
    state.pinFailures = 0;
    setTimeout(() => {
      state.smsReady = true;
      server.urc(state.model.simReadyUrcs);
      server.emit("changed");
    }, 20);
    return {};
  },
  "+QPINC": (command, server) => {
    if (!server.state.model.quectel) return { error: "ERROR" };
    if (command.kind === "test") return { lines: ['+QPINC: ("SC","P2")'] };
    const left = server.state.pinState === "SIM PUK" ? 0 : 3 - server.state.pinFailures;
    return { lines: [`+QPINC: "SC",${left},10`] };
  },
  "+CLCK": (command, server) => {
    if (command.kind === "test")
      return { lines: ['+CLCK: ("SC","AO","OI","OX","AI","IR","AB","AG","AC","FD","PF","PN","PU","PP")'] };
    const [facility, mode] = command.args;
    if (command.kind !== "set" || facility?.toUpperCase() !== "SC") return { error: { cme: 3 } };
    if (!server.state.simPresent) return { error: { cme: 10 } };
    if (mode === "2") return { lines: [`+CLCK: ${server.state.pin === undefined ? 0 : 1}`] };
    return { error: { cme: 3 } };
  },
  "+CPBS": (command, server) => {
    const error = simError(server.state, "cme");
    if (error !== undefined) return { error };
    if (command.kind === "test") return { lines: ['+CPBS: ("SM","DC","FD","LD","MC","ME","RC","EN","ON")'] };
    if (command.kind === "read") return { lines: [`+CPBS: "${server.state.phonebook}",0,250`] };
    const memory = command.args[0]?.toUpperCase() ?? "";
    if (!["SM", "DC", "FD", "LD", "MC", "ME", "RC", "EN", "ON"].includes(memory))
      return { error: { cme: 50 } };
    server.state.phonebook = memory;
    return {};
  },
  "+CPBR": (command, server) => {
    const error = simError(server.state, "cme");
    if (error !== undefined) return { error };
    if (command.kind === "test") return { lines: ["+CPBR: (1-250),40,18"] };
    if (command.kind !== "set") return { error: { cme: 50 } };
    // The phonebook is empty: a range answers OK with no entry, one index "not found".
    return command.args.length > 1 ? {} : { error: { cme: 22 } };
  },
};
