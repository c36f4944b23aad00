import type { OfficeConfig } from "@motcua/config";
import type { Appointment, WalkIn, WalkInStatus } from "@motcua/core";
import type { AppointmentStatus, Board, CounterState } from "@motcua/protocol";

/** The staff's picture of the day: `GET /api/today` and each `today` event of `/api/live`. */
export interface Today {
  at: string;
  date: string;
  session: Board["session"];
  /** The wall display's notice set from the console; "" when none. */
  notice: string;
  services: { code: string; name: string; counters: string[] }[];
  counters: (CounterState & { name: string })[];
  waiting: Record<string, number>;
  appointments: TodayAppointment[];
  walkins: TodayWalkIn[];
}

export interface TodayAppointment {
  code: string;
  /** Masked for officers: only the last 3 digits show. */
  phone: string;
  name: string;
  procedure: string;
  service: string;
  number: number;
  label: string;
  counter: string;
  time: string;
  status: AppointmentStatus;
  arrived: boolean;
}

export type TodayWalkInStatus = "waiting" | "called" | "served" | "skipped" | "voided" | "transferred";

export interface TodayWalkIn {
  label: string;
  number: number;
  service: string;
  priority: boolean;
  status: TodayWalkInStatus;
  issuedAt: string;
  /** The counter that called it, once one has. */
  counter?: string;
}

/** What the projection reads of the queue core (QueueCore has all of it). */
export interface TodaySource {
  board(): Board;
  readonly notice: string;
  allAppointments(): readonly Appointment[];
  walkInsOn(date: string): readonly WalkIn[];
  readonly calendar: { format(ms: number): string };
}

/**
 * The day as the console shows it, from the core's state: the board (counters, waiting, the
 * session), and beside it what the wall display must not show — the appointments' codes, phones
 * and names, every walk-in number. Pure: the same state gives the same picture.
 */
export function todayOf(
  core: TodaySource,
  config: OfficeConfig,
  options: {
    maskPhones: boolean;
    /**
     * The hub's time now (its clock, with the office's offset): the picture's `at` and `date`.
     * The core's own time is that of its last input, which before the office opens is still
     * last evening. Without it, the core's time.
     */
    at?: string;
  },
): Today {
  const coreBoard = core.board();
  const at = options.at !== undefined && options.at > coreBoard.at ? options.at : coreBoard.at;
  const board = { ...coreBoard, at, date: at.slice(0, 10) };
  const counterNames = new Map(config.counters.map((c) => [c.id, c.name ?? `Quầy ${c.id}`]));
  const appointments = core
    .allAppointments()
    .filter((a) => a.date === board.date)
    .sort((x, y) => x.time - y.time || x.seq - y.seq)
    .map(
      (a): TodayAppointment => ({
        code: a.code,
        phone: options.maskPhones ? maskPhone(a.phone) : a.phone,
        name: a.name,
        procedure: a.procedure,
        service: a.service,
        number: a.number,
        label: a.label,
        counter: a.counter,
        time: core.calendar.format(a.time),
        status: a.status,
        arrived: a.arrivedAt !== undefined,
      }),
    );
  const walkins = [...core.walkInsOn(board.date)]
    .sort((x, y) => x.issuedAt - y.issuedAt || x.seq - y.seq)
    .map(
      (w): TodayWalkIn => ({
        label: w.label,
        number: w.number,
        service: w.service,
        priority: w.priority,
        status: walkInStatus(w.status),
        issuedAt: core.calendar.format(w.issuedAt),
        ...(w.counter !== undefined ? { counter: w.counter } : {}),
      }),
    );
  return {
    at: board.at,
    date: board.date,
    session: board.session,
    notice: core.notice,
    services: config.services.map((s) => ({ code: s.code, name: s.name, counters: [...s.counters] })),
    counters: board.counters.map((c) => ({ ...c, name: counterNames.get(c.counter) ?? c.counter })),
    waiting: board.waiting,
    appointments,
    walkins,
  };
}

/** A number nobody called by the day's end (`lapsed` in the core) shows as skipped. */
function walkInStatus(status: WalkInStatus): TodayWalkInStatus {
  return status === "lapsed" ? "skipped" : status;
}

/** `0912345678` → `*******678`: an officer recognises a caller by the end, no more. */
export function maskPhone(phone: string): string {
  const visible = 3;
  if (phone.length <= visible) return phone;
  return "*".repeat(phone.length - visible) + phone.slice(-visible);
}
