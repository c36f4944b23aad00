import type { Handler } from "../at-server.js";

const URC_PORTS = ["usbat", "usbmodem", "uart1", "all"];

/** The vendor start-up lines of the per-model table: Quectel's URC port, Huawei's periodic URCs. */
export const vendor: Record<string, Handler> = {
  "+QURCCFG": (command, server) => {
    const settings = server.state.settings;
    if (!server.state.model.quectel) return { error: "ERROR" };
    if (command.kind === "test") return { lines: ['+QURCCFG: "urcport",("usbat","usbmodem","uart1")'] };
    const [name, value] = command.args;
    if (command.kind !== "set" || name?.toLowerCase() !== "urcport") return { error: "ERROR" };
    if (value === undefined) return { lines: [`+QURCCFG: "urcport","${settings.urcport}"`] };
    if (!URC_PORTS.includes(value.toLowerCase())) return { error: "ERROR" };
    settings.urcport = value.toLowerCase() === "all" ? "usbat" : value.toLowerCase();
    return {};
  },
  "^CURC": (command, server) => {
    const settings = server.state.settings;
    if (!server.state.model.huawei) return { error: "ERROR" };
    if (command.kind === "read") return { lines: [`^CURC: ${settings.curc}`] };
    if (command.kind === "test") return { lines: ["^CURC: (0-2)"] };
    const n = Number(command.args[0]);
    if (![0, 1, 2].includes(n)) return { error: { cme: 50 } };
    settings.curc = n;
    return {};
  },
};
