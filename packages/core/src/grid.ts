import type { ServiceConfig } from "@motcua/config";
import type { SessionWindow } from "./calendar.js";
import { type Appointment, holdsSlot } from "./state.js";

const MINUTE = 60_000;

/** Capacity of a service in a session: floor(session minutes / average) × its counters. */
export function sessionCapacity(service: ServiceConfig, session: SessionWindow): number {
  const minutes = Math.floor((session.end - session.start) / MINUTE);
  return Math.floor(minutes / service.averageMinutes) * service.counters.length;
}

/** Appointments a session may hold for a service: the configured share of its capacity. */
export function appointmentCap(service: ServiceConfig, session: SessionWindow, share: number): number {
  return Math.floor(sessionCapacity(service, session) * share + 1e-9);
}

export interface Slot {
  time: number;
  counter: string;
}

/**
 * The first free slot of the appointment grid of a service in a session, at or after
 * `notBefore`. The grid starts at the session's appointment start and steps by the service's
 * average minutes, one column per counter; a slot must end by the session's end and must not
 * overlap any appointment already on that counter (a counter may serve several services).
 */
export function firstFreeSlot(
  service: ServiceConfig,
  session: SessionWindow,
  dayAppointments: readonly Appointment[],
  share: number,
  averageOf: (service: string) => number,
  notBefore = Number.NEGATIVE_INFINITY,
): Slot | undefined {
  const held = dayAppointments.filter(holdsSlot);
  const inSession = held.filter((a) => a.session === session.id && a.service === service.code).length;
  if (inSession >= appointmentCap(service, session, share)) return undefined;
  const step = service.averageMinutes * MINUTE;
  for (let time = session.appointmentsFrom; time + step <= session.end; time += step) {
    if (time < notBefore) continue;
    for (const counter of service.counters) {
      const clash = held.some(
        (a) => a.counter === counter && a.time < time + step && time < a.time + averageOf(a.service) * MINUTE,
      );
      if (!clash) return { time, counter };
    }
  }
  return undefined;
}
