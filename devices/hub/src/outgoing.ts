import type { OfficeConfig } from "@motcua/config";
import type { Decision, QueueCore } from "@motcua/core";
import { type Call, type KioskTicket, type SimInput, topics } from "@motcua/protocol";

/** One MQTT message the hub sends. */
export interface Outgoing {
  topic: string;
  payload: unknown;
  retain: boolean;
}

const TICKET_ERRORS = {
  closed: "Ngoài giờ tiếp nhận. Vui lòng quay lại trong giờ làm việc.",
  full: "Đã hết số của lĩnh vực này trong buổi. Vui lòng quay lại buổi sau hoặc đặt lịch qua SMS.",
  unknown_service: "Lĩnh vực này không có ở đây. Vui lòng hỏi cán bộ tiếp dân.",
} as const;

/**
 * Turns a decision into the messages of PROTOCOL.md "Hub → devices": a `calls` message per
 * call and the kiosk's ticket answer at once ({@link forDecision}); the retained counter
 * states and board that changed on demand ({@link retainedChanges}).
 */
export class OutgoingMessages {
  private readonly lastRetained = new Map<string, string>();

  constructor(
    private readonly config: OfficeConfig,
    private readonly core: QueueCore,
  ) {}

  private get office(): string {
    return this.config.office.id;
  }

  forDecision(input: SimInput, decision: Decision): Outgoing[] {
    const out: Outgoing[] = [];
    for (const e of decision.events) {
      if (e.type !== "called") continue;
      const call: Call = {
        number: e.number,
        label: e.label,
        service: e.service,
        counter: e.counter,
        kind: e.kind,
        repeat: e.repeat,
        at: e.at,
      };
      out.push({ topic: topics.calls(this.office), payload: call, retain: false });
    }
    if (input.type === "ticket" && input.kiosk !== undefined && input.id !== undefined) {
      const answer = this.ticketAnswer(input, decision);
      if (answer)
        out.push({ topic: topics.kioskTicket(this.office, input.kiosk), payload: answer, retain: false });
    }
    return out;
  }

  private ticketAnswer(
    input: Extract<SimInput, { type: "ticket" }>,
    decision: Decision,
  ): KioskTicket | undefined {
    const requestId = input.id as string;
    for (const e of decision.events) {
      if (e.type === "ticket_issued") {
        const service = this.config.services.find((s) => s.code === e.service);
        // People ahead of this ticket by the calling rules (priority tickets go first).
        const waiting = this.core.walkInEstimate(e.service, e.number)?.ahead ?? 0;
        return {
          requestId,
          service: e.service,
          serviceName: service?.name ?? e.service,
          number: e.number,
          label: e.label,
          counters: [...(service?.counters ?? [])],
          waiting,
          estimatedAt: e.estimatedAt,
          issuedAt: e.at,
        };
      }
      if (e.type === "ticket_refused") {
        return { requestId, error: { code: e.reason, message: TICKET_ERRORS[e.reason] } };
      }
    }
    return undefined;
  }

  /**
   * Retained messages whose content changed since they were last sent (the board's own `at`
   * does not count as a change), so subscribers are not woken for nothing.
   */
  retainedChanges(force = false): Outgoing[] {
    const out: Outgoing[] = [];
    const offer = (topic: string, payload: unknown, key: string) => {
      if (!force && this.lastRetained.get(topic) === key) return;
      this.lastRetained.set(topic, key);
      out.push({ topic, payload, retain: true });
    };
    for (const state of this.core.counterStates()) {
      offer(topics.counterState(this.office, state.counter), state, JSON.stringify(state));
    }
    const board = this.core.board();
    const { at: _at, ...content } = board;
    offer(topics.board(this.office), board, JSON.stringify(content));
    return out;
  }
}
