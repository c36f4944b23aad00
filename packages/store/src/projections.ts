import type { EventOf, SimEvent } from "@motcua/protocol";
import type Database from "better-sqlite3";

/** The local day of an ISO date-time in its own offset: `2026-11-23T08:00:00+07:00` → `2026-11-23`. */
export function localDate(isoDateTime: string): string {
  return isoDateTime.slice(0, 10);
}

/** The service and number of a label the core wrote (`TP-012`). */
function numberOfLabel(label: string): { service: string; number: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(label);
  return m ? { service: m[1] as string, number: Number(m[2]) } : undefined;
}

/**
 * Keeps the bookings, numbers, blocked and ratings tables in step with the log. Called only from
 * inside the append transaction, so a projection can never be ahead of or behind the log.
 *
 * Writes are upserts and status updates that match nothing are no-ops: the log, not the
 * projections, is what replay trusts, so a surprising event sequence must never make an append
 * fail and lose the input.
 */
export class Projector {
  readonly #upsertBooking: Database.Statement;
  readonly #upsertNumber: Database.Statement;
  readonly #bookingStatusByNumber: Database.Statement;
  readonly #numberStatus: Database.Statement;
  readonly #bookingStatusByCode: Database.Statement;
  readonly #numberStatusByCode: Database.Statement;
  readonly #block: Database.Statement;
  readonly #unblock: Database.Statement;
  readonly #numberStatusKeepCounter: Database.Statement;
  readonly #insertTransferred: Database.Statement;
  readonly #keptByTransfer: Database.Statement;
  readonly #checkedIn: Database.Statement;
  readonly #rated: Database.Statement;

  constructor(db: Database.Database) {
    this.#upsertBooking = db.prepare(`
      INSERT OR REPLACE INTO bookings
        (code, phone, name, procedure, service, number, label, counter, time, date, status, booked_at)
      VALUES
        (@code, @phone, @name, @procedure, @service, @number, @label, @counter, @time, @date, 'booked', @at)`);
    this.#upsertNumber = db.prepare(`
      INSERT OR REPLACE INTO numbers (date, service, number, label, kind, status, issued_at, counter)
      VALUES (@date, @service, @number, @label, @kind, 'waiting', @at, @counter)`);
    this.#bookingStatusByNumber = db.prepare(`
      UPDATE bookings SET status = @status
      WHERE date = @date AND service = @service AND number = @number`);
    this.#numberStatus = db.prepare(`
      UPDATE numbers SET status = @status, counter = @counter
      WHERE date = @date AND service = @service AND number = @number`);
    this.#bookingStatusByCode = db.prepare("UPDATE bookings SET status = @status WHERE code = @code");
    // A cancellation names only the code; the booking row knows which number it holds.
    this.#numberStatusByCode = db.prepare(`
      UPDATE numbers SET status = @status
      WHERE (date, service, number) IN (SELECT date, service, number FROM bookings WHERE code = @code)`);
    this.#block = db.prepare(`
      INSERT INTO blocked (phone, blocked_at) VALUES (@phone, @at)
      ON CONFLICT (phone) DO UPDATE SET blocked_at = excluded.blocked_at`);
    this.#unblock = db.prepare("DELETE FROM blocked WHERE phone = @phone");
    this.#numberStatusKeepCounter = db.prepare(`
      UPDATE numbers SET status = @status WHERE date = @date AND service = @service AND number = @number`);
    this.#insertTransferred = db.prepare(`
      INSERT OR REPLACE INTO numbers
        (date, service, number, label, kind, status, issued_at, counter, transferred_from)
      VALUES (@date, @service, @number, @label, 'walkin', 'waiting', @at, NULL, @from)`);
    // An appointment handed over before its call counts as kept (the core marks it served).
    this.#keptByTransfer = db.prepare(`
      UPDATE bookings SET status = 'served'
      WHERE date = @date AND service = @service AND number = @number AND status IN ('booked', 'grace')`);
    this.#checkedIn = db.prepare("UPDATE bookings SET checked_in_at = @at WHERE code = @code");
    this.#rated = db.prepare(`
      INSERT INTO ratings (at, date, counter, service, label, value)
      VALUES (@at, @date, @counter, @service, @label, @value)`);
  }

  /** Applies one event; event types no projection cares about are ignored. */
  apply(event: SimEvent): void {
    switch (event.type) {
      case "booked":
        this.#booked(event);
        return;
      case "ticket_issued":
        this.#upsertNumber.run({
          date: localDate(event.at),
          service: event.service,
          number: event.number,
          label: event.label,
          kind: "walkin",
          at: event.at,
          counter: null,
        });
        return;
      case "called":
        this.#atCounter(event, "called", "called");
        return;
      case "skipped":
        // An appointment gets a grace period (RULES.md); a walk-in is simply passed over.
        this.#atCounter(event, "grace", "skipped");
        return;
      case "served":
        this.#atCounter(event, "served", "served");
        return;
      case "cancelled": {
        const status = event.reason === "no_show" ? "no_show" : "cancelled";
        this.#numberStatusByCode.run({ status, code: event.code });
        this.#bookingStatusByCode.run({ status, code: event.code });
        return;
      }
      case "blocked":
        this.#block.run({ phone: event.phone, at: event.at });
        return;
      case "unblocked":
        this.#unblock.run({ phone: event.phone });
        return;
      case "voided":
        this.#byLabel(event.at, event.label, "voided");
        return;
      case "transferred":
        this.#transferred(event);
        return;
      case "checked_in":
        this.#checkedIn.run({ code: event.code, at: event.at });
        return;
      case "rated":
        this.#rated.run({
          at: event.at,
          date: localDate(event.at),
          counter: event.counter,
          service: event.service,
          label: event.label,
          value: event.value,
        });
        return;
      default:
        return;
    }
  }

  #booked(event: EventOf<"booked">): void {
    const date = localDate(event.time);
    this.#upsertBooking.run({
      code: event.code,
      phone: event.phone,
      name: event.name,
      procedure: event.procedure,
      service: event.service,
      number: event.number,
      label: event.label,
      counter: event.counter,
      time: event.time,
      date,
      at: event.at,
    });
    this.#upsertNumber.run({
      date,
      service: event.service,
      number: event.number,
      label: event.label,
      kind: "appointment",
      at: event.at,
      counter: event.counter,
    });
  }

  /** Sets the status of the number with that label on the day of `at`, keeping its counter. */
  #byLabel(at: string, label: string, status: "voided" | "transferred"): void {
    const ref = numberOfLabel(label);
    if (ref) this.#numberStatusKeepCounter.run({ date: localDate(at), ...ref, status });
  }

  #transferred(event: EventOf<"transferred">): void {
    const date = localDate(event.at);
    // The old number keeps the counter that served it, if one did.
    this.#byLabel(event.at, event.label, "transferred");
    const from = numberOfLabel(event.label);
    if (from) this.#keptByTransfer.run({ date, ...from });
    this.#insertTransferred.run({
      date,
      service: event.service,
      number: event.number,
      label: event.newLabel,
      at: event.at,
      from: event.label,
    });
  }

  /** called / skipped / served: the number is found by the day of `at`, its service and number. */
  #atCounter(
    event: EventOf<"called"> | EventOf<"skipped"> | EventOf<"served">,
    bookingStatus: "called" | "grace" | "served",
    numberStatus: "called" | "skipped" | "served",
  ): void {
    const key = { date: localDate(event.at), service: event.service, number: event.number };
    this.#numberStatus.run({ ...key, status: numberStatus, counter: event.counter });
    if (event.kind === "appointment") this.#bookingStatusByNumber.run({ ...key, status: bookingStatus });
  }
}
