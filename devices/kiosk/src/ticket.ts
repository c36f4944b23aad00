import type { OfficeConfig } from "@motcua/config";
import type { TicketContent } from "@motcua/printer";
import type { KioskTicket } from "@motcua/protocol";

export type IssuedTicket = Exclude<KioskTicket, { error: unknown }>;

/** The printed ticket for the hub's answer: the names a citizen reads come from the office's file. */
export function ticketContent(answer: IssuedTicket, config: OfficeConfig, priority: boolean): TicketContent {
  const counters = answer.counters.map(
    (id) => config.counters.find((c) => c.id === id)?.name ?? `Quầy ${id}`,
  );
  return {
    officeName: config.office.name,
    serviceName: answer.serviceName,
    label: answer.label,
    priority,
    counters,
    waiting: answer.waiting,
    estimatedAt: answer.estimatedAt,
    issuedAt: answer.issuedAt,
    ...(config.office.smsNumber !== undefined ? { smsNumber: config.office.smsNumber } : {}),
  };
}

/**
 * Tickets like those this office prints, for drawing their glyphs at start-up: every service and
 * counter name, a priority line, and each service's number with 3 and 4 digits (the size a
 * number fits at depends on its length). The times and counts are digits, drawn anyway.
 */
export function sampleTickets(config: OfficeConfig): TicketContent[] {
  const counters = config.counters.map((c) => c.name ?? `Quầy ${c.id}`);
  return config.services.flatMap((service) =>
    ["000", "0000"].map((digits, i) => ({
      officeName: config.office.name,
      serviceName: service.name,
      label: `${service.code}-${digits}`,
      priority: i === 0,
      counters,
      waiting: i,
      estimatedAt: "2026-01-01T00:00:00+07:00",
      issuedAt: "2026-01-01T00:00:00+07:00",
      ...(config.office.smsNumber !== undefined ? { smsNumber: config.office.smsNumber } : {}),
    })),
  );
}
