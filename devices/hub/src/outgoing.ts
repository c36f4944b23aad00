import type { OfficeConfig } from "@motcua/config";
import { type Decision, type QueueCore, ticketRefusalText } from "@motcua/core";
import {
  type Call,
  type CounterAck,
  type KioskTicket,
  type RequestRefusal,
  type RequestTopic,
  type SimEvent,
  type SimInput,
  topics,
} from "@motcua/protocol";

/** One MQTT message the hub sends. */
export interface Outgoing {
  topic: string;
  payload: unknown;
  retain: boolean;
}

/** What a device is told when the hub refuses its request before the queue sees it. */
const REFUSAL_MESSAGES: Record<RequestRefusal, string> = {
  rate_limited: "Bấm quá nhanh. Vui lòng chờ một chút rồi bấm lại.",
  bad_payload: "Yêu cầu không đọc được. Vui lòng báo kỹ thuật viên.",
  retained: "Thiết bị gửi yêu cầu sai cách (retained). Vui lòng báo kỹ thuật viên.",
  starting: "Hệ thống đang khởi động. Vui lòng bấm lại sau ít giây.",
};

/**
 * Turns a decision into the messages of PROTOCOL.md "Hub → devices": a `calls` message per
 * call ({@link calls}), the answer to the device that asked ({@link answer}: the kiosk's
 * ticket, the counter's ack), and the retained counter states and board that changed
 * ({@link retainedChanges}).
 */
export class OutgoingMessages {
  private readonly lastRetained = new Map<string, string>();
  /** Officers whose open steps changed since their tasks were last offered. */
  private readonly touchedOfficers = new Set<string>();

  constructor(private readonly core: QueueCore) {}

  /** The office in force: a `config` input may change it while the hub runs. */
  private get config(): OfficeConfig {
    return this.core.config;
  }

  private get office(): string {
    return this.config.office.id;
  }

  /**
   * The answer to a device's request from its input and events: the counter's ack (the press
   * is stored, and whom it called) or the kiosk's ticket. The same for a request sent again
   * with a stored id (`duplicate`), so a device that lost the first answer gets it again.
   */
  answer(input: SimInput, events: readonly SimEvent[], duplicate: boolean): Outgoing[] {
    if (input.type === "ticket") {
      if (input.kiosk === undefined || input.id === undefined) return [];
      const answer = this.ticketAnswer(input, events);
      return answer
        ? [{ topic: topics.kioskTicket(this.office, input.kiosk), payload: answer, retain: false }]
        : [];
    }
    if ((input.type === "press" || input.type === "rating") && input.id !== undefined) {
      const called = events.findLast(
        (e) => e.type === "called" && e.counter === input.counter && e.at === input.at,
      );
      const ack: CounterAck = {
        id: input.id,
        ok: true,
        at: input.at,
        duplicate,
        called:
          called?.type === "called"
            ? {
                number: called.number,
                label: called.label,
                service: called.service,
                kind: called.kind,
                repeat: called.repeat,
              }
            : null,
      };
      if (input.type === "rating") {
        // The pad's thank-you or refusal: what the queue decided for this rating, stored with it.
        const decided = events.find(
          (e) =>
            (e.type === "rated" && e.counter === input.counter) ||
            (e.type === "action_refused" && e.action === "rating"),
        );
        if (decided?.type === "rated")
          ack.rated = { label: decided.label, service: decided.service, value: decided.value };
        else if (decided?.type === "action_refused") ack.refused = { reason: decided.reason };
      }
      return [{ topic: topics.counterAck(this.office, input.counter), payload: ack, retain: false }];
    }
    return [];
  }

  /** The answer to a request refused before the queue saw it. */
  refusal(topic: RequestTopic, device: string, id: string, code: RequestRefusal): Outgoing[] {
    const error = { code, message: REFUSAL_MESSAGES[code] };
    if (topic === "kioskPress")
      return [
        { topic: topics.kioskTicket(this.office, device), payload: { requestId: id, error }, retain: false },
      ];
    if (topic === "counterPress" || topic === "counterRating") {
      const ack: CounterAck = { id, ok: false, error };
      return [{ topic: topics.counterAck(this.office, device), payload: ack, retain: false }];
    }
    return [];
  }

  /** The `calls` messages of a decision: what the wall display announces. */
  calls(decision: Decision): Outgoing[] {
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
    return out;
  }

  /**
   * DOSSIERS.md "On the wire": each notice of a decision on its officer's inbox, at once (a step
   * reached them, a warning, an overdue step, an apology to approve). The officers whose open
   * steps the decision changed get their retained tasks with the next retained changes.
   */
  staffNotices(decision: Decision): Outgoing[] {
    const out: Outgoing[] = [];
    const desk = this.core.dossiers;
    for (const event of decision.events) {
      for (const { officer, notice } of desk.noticesOf(event)) {
        out.push({ topic: topics.staffInbox(this.office, officer), payload: notice, retain: false });
        this.touchedOfficers.add(officer);
      }
      if (!("code" in event) || (!event.type.startsWith("dossier_") && !event.type.startsWith("step_")))
        continue;
      // A step done, a dossier paused or resumed: everyone who held one of its steps.
      for (const step of desk.get(event.code)?.steps ?? []) this.touchedOfficers.add(step.officer);
    }
    return out;
  }

  private ticketAnswer(
    input: Extract<SimInput, { type: "ticket" }>,
    events: readonly SimEvent[],
  ): KioskTicket | undefined {
    const requestId = input.id as string;
    for (const e of events) {
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
        return { requestId, error: { code: e.reason, message: ticketRefusalText(this.config, e.reason) } };
      }
    }
    return undefined;
  }

  /**
   * The retained state topics of counters the office no longer has (a configuration change
   * removed them): forgotten here, for the hub to clear at the broker so no display shows them.
   */
  staleCounterStates(): string[] {
    const live = new Set(this.core.counterStates().map((s) => topics.counterState(this.office, s.counter)));
    const stale = [...this.lastRetained.keys()].filter(
      (topic) => /\/counter\/[^/]+\/state$/.test(topic) && !live.has(topic),
    );
    for (const topic of stale) this.lastRetained.delete(topic);
    return stale;
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
    // The console's notice (a JSON string, "" for none): the core's state, so after a restart
    // the replayed log publishes the same line again.
    const notice = this.core.notice;
    offer(topics.displayNotice(this.office), notice, JSON.stringify(notice));
    // Each officer's open steps: all of them when forced (the link came up), else those touched.
    const officers = force ? this.config.officers.map((o) => o.id) : [...this.touchedOfficers];
    this.touchedOfficers.clear();
    for (const officer of officers) {
      const tasks = this.core.dossiers.tasksOf(officer);
      offer(topics.staffTasks(this.office, officer), tasks, JSON.stringify(tasks));
    }
    return out;
  }
}
