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
    timeZone: config.office.timeZone,
    ...(config.office.smsNumber !== undefined ? { smsNumber: config.office.smsNumber } : {}),
  };
}
