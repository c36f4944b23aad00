import type { Answer, AtServer, Handler } from "../at-server.js";
import { tpduLength } from "../codec.js";
import type { SentPart } from "../types.js";
import { registrationStat } from "./network.js";
import { simError } from "./sim.js";

/**
 * `AT+CMGS=<length>`: the `> ` prompt, the PDU up to Ctrl-Z (Esc cancels), then — after the send
 * delay a real modem needs per segment — `+CMGS: <mr>`. A fault set with `fail()` for this command
 * answers after the delay, like a network refusal. Text mode (`AT+CMGS="<da>"`) is accepted too.
 */
export const send: Record<string, Handler> = {
  "+CMGS": (command, server) => {
    const state = server.state;
    if (command.kind === "test") return {};
    const refused = simError(state, "cms");
    if (refused !== undefined) return { error: refused };
    if (command.kind !== "set") return { error: { cms: 304 } };
    const midSend = state.midSend;
    if (midSend?.at === "prompt") {
      state.midSend = undefined;
      setImmediate(() => server.emit("midsend", midSend.sms));
    }
    if (state.settings.cmgf === 1) {
      const to = command.args[0] ?? "";
      if (to.length === 0) return { error: { cms: 305 } };
      return { prompt: (text) => submit(server, command.text, { kind: "text", to, text }) };
    }
    const length = Number(command.args[0]);
    if (!Number.isInteger(length) || length < 7 || length > 164) return { error: { cms: 304 } };
    return { prompt: (hex) => submit(server, command.text, { kind: "pdu", length, hex }) };
  },
};

type Submission = { kind: "pdu"; length: number; hex: string } | { kind: "text"; to: string; text: string };

async function submit(server: AtServer, commandText: string, submission: Submission): Promise<Answer> {
  const state = server.state;
  let hex = "";
  if (submission.kind === "pdu") {
    hex = submission.hex.toUpperCase();
    if (!/^([0-9A-F]{2})+$/.test(hex) || tpduLength(hex) !== submission.length)
      return { error: { cms: 304 } };
  }
  const midSend = state.midSend;
  if (midSend?.at === "sending") {
    state.midSend = undefined;
    server.emit("midsend", midSend.sms);
  }
  const stat = registrationStat(state);
  if (stat !== 1 && stat !== 5) {
    // No service: the modem gives up after a short search.
    if (!(await server.delay(Math.min(server.sendDelayMs, 500)))) return {};
    return { error: { cms: 331 } };
  }
  if (!(await server.delay(server.sendDelayMs))) return {};
  const failure = server.takeFailure(commandText);
  if (failure !== undefined) return { error: failure };
  const messageReference = state.nextMessageReference();
  let pdu: SentPart["pdu"];
  if (submission.kind === "pdu") {
    try {
      pdu = server.codec.decodeSubmit(hex);
    } catch (error) {
      server.log?.warn({ hex, err: String(error) }, "modem-sim: undecodable SMS-SUBMIT");
      return { error: { cms: 304 } };
    }
  } else {
    const ucs2 = state.settings.cscs === "UCS2";
    const text = ucs2 ? fromUcs2Hex(submission.text) : submission.text;
    const to = ucs2 ? fromUcs2Hex(submission.to) : submission.to;
    pdu = {
      to,
      toType: to.startsWith("+") ? "international" : "unknown",
      encoding: ucs2 ? "ucs2" : "gsm7",
      text,
      messageReference,
    };
  }
  const part: SentPart = { hex, pdu, messageReference, at: Date.now() };
  const message = state.recordSent(part);
  server.emit("part", part);
  if (message !== undefined) server.emit("sent", message);
  return { lines: [`+CMGS: ${messageReference}`] };
}

function fromUcs2Hex(hex: string): string {
  if (!/^([0-9A-Fa-f]{4})+$/.test(hex)) return hex;
  return Buffer.from(hex, "hex").swap16().toString("utf16le");
}
