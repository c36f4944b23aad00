import { z } from "zod";

/** ISO-8601 date-time with an explicit offset or Z, e.g. `2026-11-23T08:00:00+07:00`. */
export const isoDateTime = z.iso.datetime({ offset: true, local: false });
