/**
 * @motcua/modem-sim — an LTE modem simulator for the modem link's tests and `--modem sim`: the AT
 * subset of a Quectel EC25 (or SIMCom SIM7600, Huawei E3372) in PDU mode on a socat pseudo-terminal,
 * with a realistic send delay and fault injection. See README.md.
 */
export { type Answer, AtServer, type Handler, type ParsedCommand, parseCommandLine } from "./at-server.js";
export { type PduCodec, smsCodec, tpduLength } from "./codec.js";
export { duplexPair } from "./duplex-pair.js";
export { MODELS, type ModelInfo } from "./models.js";
export { DEFAULT_SEND_DELAY_MS, Modem, type ModemEvents, type ModemOptions, vietnamNow } from "./modem.js";
export { ModemSimulator, type ModemSimulatorOptions, startModemSimulator } from "./simulator.js";
export { type SocatPty, startSocat } from "./socat.js";
export { ModemState, type Settings } from "./state.js";
export type * from "./types.js";
