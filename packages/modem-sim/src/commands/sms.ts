import type { Answer, AtServer, Handler } from "../at-server.js";
import { tpduLength } from "../codec.js";
import type { Memory, ModemState } from "../state.js";
import { simError } from "./sim.js";

const STAT_TEXT = ["REC UNREAD", "REC READ", "STO UNSENT", "STO SENT"] as const;

function memoryOf(name: string | undefined): Memory | undefined {
  const upper = name?.toUpperCase();
  return upper === "SM" || upper === "ME" ? upper : undefined;
}

/** SMS commands need a usable SIM: `+CMS ERROR: 310/311/316` otherwise. */
function needSim(state: ModemState): Answer | undefined {
  const error = simError(state, "cms");
  return error === undefined ? undefined : { error };
}

function cpmsTriple(state: ModemState, withNames: boolean): string {
  return state.settings.cpms
    .map((memory) => `${withNames ? `"${memory}",` : ""}${state.used(memory)},${state.total(memory)}`)
    .join(",");
}

/** `26/11/22,20:15:03+28` from `2026-11-22T20:15:03+07:00` (text mode's `<scts>`). */
export function textTimestamp(iso: string): string {
  const m = /^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(Z|([+-])(\d\d):(\d\d))$/.exec(iso);
  if (m === null) return iso;
  const quarters = m[5] === "Z" ? 0 : (Number(m[7]) * 60 + Number(m[8])) / 15;
  const sign = m[6] === "-" ? "-" : "+";
  return `${m[1]}/${m[2]}/${m[3]},${m[4]}${sign}${String(quarters).padStart(2, "0")}`;
}

/** Text for text mode under `AT+CSCS`: `UCS2` is hex of UTF-16BE; `GSM`/`IRA` the text, `?` beyond Latin-1. */
export function charsetText(text: string, cscs: string): string {
  if (cscs.toUpperCase() === "UCS2") {
    return [...text]
      .map((c) =>
        [...Buffer.from(c, "utf16le").swap16()].map((b) => b.toString(16).padStart(2, "0")).join(""),
      )
      .join("")
      .toUpperCase();
  }
  return [...text].map((c) => ((c.codePointAt(0) ?? 0) > 0xff ? "?" : c)).join("");
}

/** The text mode header and body of one stored PDU. */
function textEntry(server: AtServer, slot: { stat: number; hex: string }, prefix: string): string[] {
  const stat = STAT_TEXT[slot.stat] ?? "REC READ";
  try {
    const pdu = server.codec.decodeDeliver(slot.hex);
    return [
      `${prefix}"${stat}","${pdu.from}",,"${textTimestamp(pdu.timestamp)}"`,
      charsetText(pdu.text, server.state.settings.cscs),
    ];
  } catch {
    return [`${prefix}"${stat}","",,""`, ""];
  }
}

/** `AT+CMGL` `<stat>` in PDU mode (0–4) or text mode (`"ALL"`…); undefined when invalid. */
function listFilter(arg: string | undefined, textMode: boolean): number | undefined {
  if (arg === undefined || arg === "") return 0;
  if (textMode) {
    const i = [...STAT_TEXT, "ALL"].indexOf(arg.toUpperCase() as (typeof STAT_TEXT)[number]);
    return i < 0 ? undefined : i;
  }
  const n = Number(arg);
  return Number.isInteger(n) && n >= 0 && n <= 4 ? n : undefined;
}

/** Message format, storage, indications, listing, reading, deleting and writing. */
export const sms: Record<string, Handler> = {
  "+CMGF": (command, server) => {
    const settings = server.state.settings;
    if (command.kind === "read") return { lines: [`+CMGF: ${settings.cmgf}`] };
    if (command.kind === "test") return { lines: ["+CMGF: (0,1)"] };
    const mode = command.kind === "exec" ? 0 : Number(command.args[0]);
    if (mode !== 0 && mode !== 1) return { error: "ERROR" };
    settings.cmgf = mode;
    return {};
  },
  "+CSCS": (command, server) => {
    const settings = server.state.settings;
    if (command.kind === "read") return { lines: [`+CSCS: "${settings.cscs}"`] };
    if (command.kind === "test") return { lines: ['+CSCS: ("GSM","IRA","UCS2")'] };
    const charset = command.args[0]?.toUpperCase() ?? "";
    if (!["GSM", "IRA", "UCS2"].includes(charset)) return { error: { cme: 4 } };
    settings.cscs = charset;
    return {};
  },
  "+CSCA": (command, server) => {
    const state = server.state;
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    if (command.kind === "test") return {};
    if (command.kind === "read")
      return { lines: [`+CSCA: "${state.smsc}",${state.smsc.startsWith("+") ? 145 : 129}`] };
    const address = command.args[0];
    if (address === undefined || !/^\+?\d{3,20}$/.test(address)) return { error: { cms: 304 } };
    state.smsc = address;
    return {};
  },
  "+CSMS": (command) => {
    if (command.kind === "read") return { lines: ["+CSMS: 0,1,1,1"] };
    if (command.kind === "test") return { lines: ["+CSMS: (0,1)"] };
    const service = Number(command.args[0]);
    if (service !== 0 && service !== 1) return { error: { cms: 302 } };
    return { lines: ["+CSMS: 1,1,1"] };
  },
  "+CSMP": (command) => (command.kind === "read" ? { lines: ["+CSMP: 17,167,0,0"] } : {}),
  "+CSDH": (command, server) => {
    if (command.kind === "read") return { lines: [`+CSDH: ${server.state.settings.csdh}`] };
    if (command.kind === "test") return { lines: ["+CSDH: (0,1)"] };
    server.state.settings.csdh = Number(command.args[0] ?? 0) === 1 ? 1 : 0;
    return {};
  },
  "+CMMS": (command, server) => {
    if (command.kind === "read") return { lines: [`+CMMS: ${server.state.settings.cmms}`] };
    if (command.kind === "test") return { lines: ["+CMMS: (0-2)"] };
    const n = command.kind === "exec" ? 0 : Number(command.args[0]);
    if (![0, 1, 2].includes(n)) return { error: { cms: 302 } };
    server.state.settings.cmms = n;
    return {};
  },
  "+CPMS": (command, server) => {
    const state = server.state;
    if (command.kind === "test") return { lines: [state.model.cpmsTest] };
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    if (command.kind === "read") return { lines: [`+CPMS: ${cpmsTriple(state, true)}`] };
    if (command.kind !== "set" || command.args.length === 0 || command.args.length > 3) {
      return { error: { cms: 302 } };
    }
    const memories = command.args.map(memoryOf);
    if (memories.some((m) => m === undefined)) return { error: { cms: 302 } };
    memories.forEach((memory, i) => {
      state.settings.cpms[i] = memory as Memory;
    });
    return { lines: [`+CPMS: ${cpmsTriple(state, false)}`] };
  },
  "+CNMI": (command, server) => {
    const settings = server.state.settings;
    if (command.kind === "test") return { lines: [server.state.model.cnmiTest] };
    if (command.kind === "read") return { lines: [`+CNMI: ${settings.cnmi.join(",")}`] };
    const values = [0, 1, 2, 3, 4].map((i) => {
      const arg = command.args[i];
      return arg === undefined || arg === "" ? 0 : Number(arg);
    });
    if (!cnmiAllowed(server.state.model.cnmiTest, values)) return { error: { cms: 303 } };
    settings.cnmi = values as [number, number, number, number, number];
    server.cnmiChanged();
    return {};
  },
  "+CMGL": (command, server) => {
    const state = server.state;
    const textMode = state.settings.cmgf === 1;
    if (command.kind === "test") {
      return {
        lines: [textMode ? '+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")' : "+CMGL: (0-4)"],
      };
    }
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    const filter = listFilter(command.args[0], textMode);
    if (filter === undefined) return { error: { cms: textMode ? 305 : 304 } };
    const memory = state.settings.cpms[0];
    const lines: string[] = [];
    for (const { index, slot } of state.list(memory)) {
      if (filter !== 4 && slot.stat !== filter) continue;
      if (textMode) lines.push(...textEntry(server, slot, `+CMGL: ${index},`));
      else lines.push(`+CMGL: ${index},${slot.stat},,${tpduLength(slot.hex)}`, slot.hex);
      if (slot.stat === 0) slot.stat = 1;
    }
    return { lines };
  },
  "+CMGR": (command, server) => {
    const state = server.state;
    if (command.kind === "test") return {};
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    const memory = state.settings.cpms[0];
    const slot = state.slot(memory, Number(command.args[0]));
    if (command.kind !== "set" || slot === "range") return { error: { cms: 321 } };
    if (slot === undefined) return {};
    const lines =
      state.settings.cmgf === 1
        ? textEntry(server, slot, "+CMGR: ")
        : [`+CMGR: ${slot.stat},,${tpduLength(slot.hex)}`, slot.hex];
    if (slot.stat === 0) slot.stat = 1;
    return { lines };
  },
  "+CMGD": (command, server) => {
    const state = server.state;
    const memory = state.settings.cpms[0];
    if (command.kind === "test") {
      const indices = state.list(memory).map((e) => e.index);
      return { lines: [`+CMGD: (${indices.join(",")}),(0-4)`] };
    }
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    if (command.kind !== "set") return { error: { cms: 302 } };
    const index = Number(command.args[0]);
    const flag = command.args[1] === undefined ? 0 : Number(command.args[1]);
    if (![0, 1, 2, 3, 4].includes(flag)) return { error: { cms: 302 } };
    if (flag === 0) {
      if (state.slot(memory, index) === "range") return { error: { cms: 321 } };
      state.remove(memory, index);
    } else {
      // 1 read, 2 read and sent, 3 read, sent and unsent, 4 all.
      const doomed = [[], [1], [1, 3], [1, 2, 3], [0, 1, 2, 3]][flag] as number[];
      for (const entry of state.list(memory)) {
        if (doomed.includes(entry.slot.stat)) state.remove(memory, entry.index);
      }
    }
    server.emit("changed");
    return {};
  },
  "+CMGW": (command, server) => {
    const state = server.state;
    if (command.kind === "test") return {};
    const refused = needSim(state);
    if (refused !== undefined) return refused;
    const memory = state.settings.cpms[1];
    if (state.settings.cmgf === 1) {
      const to = command.args[0] ?? "";
      return {
        prompt: (text) => {
          const index = state.store(memory, { stat: 2, hex: "00", text, from: to });
          return index === undefined ? { error: { cms: 322 } } : { lines: [`+CMGW: ${index}`] };
        },
      };
    }
    const length = Number(command.args[0]);
    const stat = command.args[1] === undefined ? 2 : Number(command.args[1]);
    if (!Number.isInteger(length) || length < 1 || length > 164 || ![0, 1, 2, 3].includes(stat)) {
      return { error: { cms: 304 } };
    }
    return {
      prompt: (hex) => {
        if (!/^([0-9A-Fa-f]{2})+$/.test(hex) || tpduLength(hex) !== length) return { error: { cms: 304 } };
        const index = state.store(memory, { stat: stat as 0 | 1 | 2 | 3, hex: hex.toUpperCase() });
        return index === undefined ? { error: { cms: 322 } } : { lines: [`+CMGW: ${index}`] };
      },
    };
  },
};

/** Checks `AT+CNMI=` values against the ranges of the model's `AT+CNMI=?` answer. */
export function cnmiAllowed(test: string, values: number[]): boolean {
  const groups = [...test.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] as string);
  return values.every((value, i) => {
    const group = groups[i];
    if (group === undefined) return value === 0;
    return group.split(",").some((item) => {
      const [low, high] = item.split("-").map(Number);
      return high === undefined ? value === low : value >= (low as number) && value <= high;
    });
  });
}
