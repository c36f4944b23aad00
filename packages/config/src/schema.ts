import { z } from "zod";
import { displaySettingsSchema } from "./display.js";
import {
  dossierSettingsSchema,
  HOURS_PER_WORKING_DAY,
  officerSchema,
  processSchema,
  workingHoursProblems,
} from "./dossiers.js";
import { code, counterId, deviceId, kioskId, officeId } from "./ids.js";

/** Current version of the configuration file format; older files are migrated on load. */
export const CONFIG_VERSION = 2;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day written HH:MM (24 h)");
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "is not a real calendar date",
    },
  );
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export const sessionSchema = z
  .strictObject({
    /** `morning` / `afternoon`: the names the wire contract's board uses. */
    id: z.enum(["morning", "afternoon"]),
    name: z.string().min(1),
    start: clock,
    end: clock,
    /** Where the appointment grid starts (the seed: 08:00, so walk-ins get the first half hour). */
    appointmentsFrom: clock,
  })
  .superRefine((s, ctx) => {
    if (minutesOf(s.end) <= minutesOf(s.start)) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
    }
    const from = minutesOf(s.appointmentsFrom);
    if (from < minutesOf(s.start) || from >= minutesOf(s.end)) {
      ctx.addIssue({ code: "custom", path: ["appointmentsFrom"], message: "must lie inside the session" });
    }
  });

export const serviceSchema = z.strictObject({
  code,
  name: z.string().min(1),
  averageMinutes: z.number().int().min(1).max(240),
  counters: z.array(counterId).min(1),
});

export const procedureSchema = z.strictObject({
  code,
  name: z.string().min(1),
  service: code,
  /** Extra names a citizen may type, without diacritics or with; the code and the name always count. */
  aliases: z.array(z.string().min(1)).default([]),
});

export const rulesSchema = z.strictObject({
  travelBufferMinutes: z.number().int().min(0).max(600).default(60),
  appointmentShare: z.number().min(0).max(1).default(0.5),
  graceMinutes: z.number().int().min(1).max(120).default(10),
  /** A phone is blocked when its no-shows since its last served appointment exceed this. */
  maxNoShows: z.number().int().min(0).default(3),
  maxActiveBookingsPerDay: z.number().int().min(1).default(2),
  bookingWindowDays: z.number().int().min(0).max(366).default(14),
  bookingsAnyHour: z.boolean().default(false),
  replyWithDiacritics: z.boolean().default(false),
  flood: z
    .strictObject({
      maxMessages: z.number().int().min(1).default(10),
      windowMinutes: z.number().int().min(1).default(10),
    })
    .prefault({}),
  /** An undated `dd/mm` that passed within this many days is a past date, not next year's. */
  pastDateDays: z.number().int().min(0).max(300).default(60),
});

/** `scrypt$N$r$p$salt$hash` (base64url), made by `motcua passwd`: the config never holds a password. */
export const passwordHash = z
  .string()
  .regex(
    /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/,
    "must be a hash made by `motcua passwd`",
  );

export const DEVICE_ROLES = ["counter", "rating", "kiosk", "display", "modem", "hub"] as const;

export const deviceSchema = z
  .strictObject({
    /** The MQTT username, and the `{d}` of its presence topic (`counter-1`, `kiosk-1`, `display-hall`). */
    id: deviceId,
    role: z.enum(DEVICE_ROLES),
    /** For a counter pad: the counter it presses for; for a rating pad: the counter it rates. */
    counter: counterId.optional(),
    /** For a kiosk: its kiosk id. */
    kiosk: kioskId.optional(),
    passwordHash,
  })
  .superRefine((d, ctx) => {
    if (d.role === "counter" && d.counter === undefined) {
      ctx.addIssue({ code: "custom", path: ["counter"], message: "a counter pad must name its counter" });
    }
    if (d.role === "rating" && d.counter === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["counter"],
        message: "a rating pad must name the counter it rates",
      });
    }
    if (d.role === "kiosk" && d.kiosk === undefined) {
      ctx.addIssue({ code: "custom", path: ["kiosk"], message: "a kiosk must name its kiosk id" });
    }
  });

export const hubSchema = z.strictObject({
  /** MQTT over TCP, for the counter pads, kiosks and any MQTT tool. */
  mqttPort: z.number().int().min(1).max(65535).default(1883),
  /** MQTT over WebSocket, for the wall display's browser. */
  wsPort: z.number().int().min(1).max(65535).default(9001),
  /** The staff console's HTTP API and pages (docs/console.md). */
  httpPort: z.number().int().min(1).max(65535).default(8088),
  /**
   * Where every listener of the hub binds (`--bind`): the name of the LAN interface (`eth0`,
   * `wlan0`: its IPv4 address, which DHCP may change), an address, or `0.0.0.0` for every
   * interface. A secured office's hub does not start without it (or `--bind`), so that a second
   * network the Pi is on (a VPN, the modem's data link) cannot reach the broker or the console;
   * an office that lets anonymous clients in (a demonstration) listens everywhere without it.
   */
  host: z.string().min(1).max(253).optional(),
  /** TLS for the TCP listener: PEM files on the hub. */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /**
   * Requests (presses, tickets, ratings) one device may make: a burst, then so many a second.
   * The excess is refused and the device told, so one stuck key cannot starve other counters.
   */
  requestRate: z
    .strictObject({
      burst: z.number().int().min(1).max(1_000_000).default(10),
      perSecond: z.number().positive().max(1_000_000).default(1),
    })
    .prefault({}),
});

export const securitySchema = z.strictObject({
  /** Lets clients in without a credential, with a press-only access list: for demonstrations only. */
  allowAnonymous: z.boolean().default(false),
  devices: z.array(deviceSchema).default([]),
});

export const remindersSchema = z.strictObject({
  /** The evening-before reminder's time of day, or null for none. */
  eveningBefore: clock.nullable().default("19:00"),
  /** Minutes before the slot for the second reminder, or null for none. */
  minutesBefore: z.number().int().min(5).max(600).nullable().default(60),
});

export const modemSchema = z.strictObject({
  /** Serial devices of the modems (a pool shares one outbox); prefer /dev/serial/by-id/… paths. */
  paths: z.array(z.string().min(1)).default([]),
  /** The SIM's PIN, sent at most once; leave out for a SIM without PIN. */
  pin: z
    .string()
    .regex(/^\d{4,8}$/, "must be 4–8 digits")
    .optional(),
  /** Seconds between full reads of the SIM storage (some modems stop indicating when full). */
  pollSeconds: z.number().int().min(5).max(3600).default(60),
});

/**
 * The office file. Every object is strict, the root too: a misspelt section or field
 * (`reminderz:`) is refused with its path instead of silently leaving a default in force.
 */
export const officeSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION),
    office: z.strictObject({
      id: officeId,
      name: z.string().min(1),
      timeZone: z
        .string()
        .refine(isTimeZone, { message: "is not a time zone this system knows (e.g. Asia/Ho_Chi_Minh)" }),
      /** Where citizens send their SMS, printed on tickets and help replies. */
      smsNumber: z.string().optional(),
    }),
    calendar: z.strictObject({
      /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
      workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      holidays: z.array(isoDate).default([]),
      makeUpWorkingDays: z.array(isoDate).default([]),
    }),
    sessions: z.array(sessionSchema).min(1).max(2),
    counters: z.array(z.strictObject({ id: counterId, name: z.string().min(1).optional() })).min(1),
    services: z.array(serviceSchema).min(1),
    procedures: z.array(procedureSchema).min(1),
    rules: rulesSchema.prefault({}),
    hub: hubSchema.prefault({}),
    reminders: remindersSchema.prefault({}),
    modem: modemSchema.prefault({}),
    security: securitySchema.prefault({}),
    /** What the wall displays show and say (version 1 left this section to the display). */
    display: displaySettingsSchema.prefault({}),
    /** Dossier tracking (docs/dossiers.md): who works on which service, and in which role. */
    officers: z.array(officerSchema).default([]),
    /** Each procedure's internal process: its steps, their roles and budgets. */
    processes: z.array(processSchema).default([]),
    dossiers: dossierSettingsSchema.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const unique = (values: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v))
          ctx.addIssue({ code: "custom", path: [...path, i], message: `${what} "${v}" appears twice` });
        seen.add(v);
      });
    };
    unique(
      cfg.counters.map((c) => c.id),
      ["counters"],
      "counter id",
    );
    unique(
      cfg.services.map((s) => s.code),
      ["services"],
      "service code",
    );
    unique(
      cfg.procedures.map((p) => p.code),
      ["procedures"],
      "procedure code",
    );
    unique(
      cfg.sessions.map((s) => s.id),
      ["sessions"],
      "session id",
    );
    const counters = new Set(cfg.counters.map((c) => c.id));
    cfg.services.forEach((s, i) => {
      s.counters.forEach((c, j) => {
        if (!counters.has(c)) {
          ctx.addIssue({
            code: "custom",
            path: ["services", i, "counters", j],
            message: `counter "${c}" is not in counters`,
          });
        }
      });
    });
    cfg.security.devices.forEach((d, i) => {
      if (d.counter !== undefined && !counters.has(d.counter)) {
        ctx.addIssue({
          code: "custom",
          path: ["security", "devices", i, "counter"],
          message: `counter "${d.counter}" is not in counters`,
        });
      }
    });
    const services = new Set(cfg.services.map((s) => s.code));
    cfg.procedures.forEach((p, i) => {
      if (!services.has(p.service)) {
        ctx.addIssue({
          code: "custom",
          path: ["procedures", i, "service"],
          message: `service "${p.service}" is not in services`,
        });
      }
    });
    checkDossiers(cfg, ctx);
    const [first, second] = cfg.sessions;
    if (first && second && minutesOf(second.start) < minutesOf(first.end)) {
      ctx.addIssue({
        code: "custom",
        path: ["sessions", 1, "start"],
        message: "sessions must be in order and not overlap",
      });
    }
  });

type CheckedOffice = {
  services: { code: string }[];
  procedures: { code: string; service: string }[];
  officers: z.output<typeof officerSchema>[];
  processes: z.output<typeof processSchema>[];
  dossiers: z.output<typeof dossierSettingsSchema>;
};

/**
 * How officers, processes, services and procedures refer to each other, and the legal limit:
 * a process whose counted budgets exceed it is refused with its procedures named, and so is a
 * step that no officer could ever be given.
 */
function checkDossiers(cfg: CheckedOffice, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  for (const p of workingHoursProblems(cfg.dossiers.workingHours))
    issue(["dossiers", "workingHours", p.index], p.message);
  const services = new Set(cfg.services.map((s) => s.code));
  const officerIds = new Set<string>();
  const phones = new Map<string, string>();
  cfg.officers.forEach((o, i) => {
    if (officerIds.has(o.id)) issue(["officers", i, "id"], `officer id "${o.id}" appears twice`);
    officerIds.add(o.id);
    if (o.phone !== undefined) {
      // One phone, one officer: an `XONG` must name exactly one person.
      const key = o.phone.replace(/^(\+?84|0)/, "");
      const other = phones.get(key);
      if (other !== undefined)
        issue(["officers", i, "phone"], `phone ${o.phone} is officer "${other}"'s too`);
      phones.set(key, o.id);
    }
    o.services.forEach((s, j) => {
      if (!services.has(s)) issue(["officers", i, "services", j], `service "${s}" is not in services`);
    });
  });
  const serviceOf = new Map(cfg.procedures.map((p) => [p.code, p.service]));
  const processOf = new Map<string, string>();
  const processIds = new Set<string>();
  cfg.processes.forEach((p, i) => {
    if (processIds.has(p.id)) issue(["processes", i, "id"], `process id "${p.id}" appears twice`);
    processIds.add(p.id);
    const counted = p.steps.reduce((sum, s) => sum + (s.counted ? (s.hours ?? 0) : 0), 0);
    const limit = p.legalDays * HOURS_PER_WORKING_DAY;
    if (counted > limit) {
      issue(
        ["processes", i, "steps"],
        `procedure ${p.procedures.join(", ")}: the counted steps take ${counted} working hours, more than the legal limit of ${p.legalDays} working day(s) (${limit} h)`,
      );
    }
    p.procedures.forEach((code, j) => {
      const service = serviceOf.get(code);
      if (service === undefined) {
        issue(["processes", i, "procedures", j], `procedure "${code}" is not in procedures`);
        return;
      }
      const other = processOf.get(code);
      if (other !== undefined)
        issue(["processes", i, "procedures", j], `procedure "${code}" is in process "${other}" already`);
      processOf.set(code, p.id);
      p.steps.forEach((s, k) => {
        const can = cfg.officers.some((o) => o.roles.includes(s.role) && o.services.includes(service));
        if (!can) {
          issue(
            ["processes", i, "steps", k, "role"],
            `procedure ${code}: no officer is ${s.role} of service ${service}, so this step could never be given`,
          );
        }
      });
    });
  });
}

/**
 * Current IANA names that ICU files under an older id, so that they are missing from
 * `Intl.supportedValuesOf("timeZone")` (which lists ICU's canonical ids: `Asia/Saigon`, not
 * `Asia/Ho_Chi_Minh`): every zone of IANA's zone.tab that the list lacks (tzdata 2025c, ICU 78),
 * and UTC. packages/config/test/time-zone.test.ts checks that ICU takes each of them.
 */
export const RENAMED_TIME_ZONES: ReadonlySet<string> = new Set([
  "Asia/Ho_Chi_Minh",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Yangon",
  "Europe/Kyiv",
  "Atlantic/Faroe",
  "America/Nuuk",
  "America/Atikokan",
  "America/Argentina/Buenos_Aires",
  "America/Argentina/Catamarca",
  "America/Argentina/Cordoba",
  "America/Argentina/Jujuy",
  "America/Argentina/Mendoza",
  "America/Indiana/Indianapolis",
  "America/Kentucky/Louisville",
  "Africa/Asmara",
  "Pacific/Chuuk",
  "Pacific/Kanton",
  "Pacific/Pohnpei",
  "UTC",
  "Etc/UTC",
]);

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * Whether ICU — what the hub, `simulate` and the display format times with — knows the zone:
 * exactly the zones `new Intl.DateTimeFormat` accepts, as before. The formatter is only built
 * for a name outside ICU's canonical list and the renamed ones above (an old alias such as
 * `US/Pacific`, a wrong name): building any Intl formatter maps about 8 MiB of ICU data into the
 * process for good, which a kiosk or a counter pad, which never format a time, cannot afford on a
 * Raspberry Pi (issue 11: ≤ 60 MiB). The list costs 0.3 MiB, and only for a zone not renamed.
 */
export function isTimeZone(tz: string): boolean {
  // Vietnam's zone first: the list itself costs 0.3 MiB.
  if (RENAMED_TIME_ZONES.has(tz)) return true;
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type OfficeConfig = z.output<typeof officeSchema>;
export type OfficeConfigInput = z.input<typeof officeSchema>;
export type SessionConfig = z.output<typeof sessionSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type ProcedureConfig = z.output<typeof procedureSchema>;
export type RulesConfig = z.output<typeof rulesSchema>;
export type DeviceConfig = z.output<typeof deviceSchema>;
export type HubConfig = z.output<typeof hubSchema>;
export type RemindersConfig = z.output<typeof remindersSchema>;
export type ModemConfig = z.output<typeof modemSchema>;
export type SecurityConfig = z.output<typeof securitySchema>;
