import type { PrinterCondition } from "@motcua/printer";

/**
 * The kiosk's additions to the wire contract (PROTOCOL.md allows added topics). Both are
 * published by the kiosk, read by whoever watches the office (the office simulator page, a
 * supervisor's dashboard, the hub in a later version).
 */
export const kioskTopics = {
  /** Retained: the kiosk's printer as last seen. */
  health: (office: string, kiosk: string) => `motcua/${office}/kiosk/${kiosk}/health`,
  /** Not retained, QoS 1: a number that was (or may have been) issued but never printed. */
  void: (office: string, kiosk: string) => `motcua/${office}/kiosk/${kiosk}/void`,
} as const;

export interface KioskHealth {
  printer: PrinterCondition;
  /** The roll's near-end sensor: change the roll soon. */
  paperLow: boolean;
  /** Whether the printer answered its status request (a unidirectional one never does). */
  answered: boolean;
  detail?: string;
  at: string;
}

/**
 * `unanswered`: no answer within the timeout (or the link dropped): a number may exist at the
 * hub for this request id, and is void. `late`: the answer came after the kiosk gave up: this
 * number is void. `print_failed`: the printer failed after the number was issued: void.
 */
export type VoidReason = "unanswered" | "late" | "print_failed";

export interface VoidNotice {
  requestId: string;
  service: string;
  priority: boolean;
  reason: VoidReason;
  number?: number;
  label?: string;
  at: string;
}
