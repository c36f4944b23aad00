// TP-SCTS (3GPP TS 23.040 §9.2.3.11): local time to the second in swapped semi-octets and the
// zone in quarter hours, its sign in bit 3 of the last octet.

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function swapped(n: number): number {
  return ((n % 10) << 4) | Math.floor(n / 10);
}

function unswapped(octet: number, what: string): number {
  const lo = octet & 0x0f;
  const hi = octet >> 4;
  if (lo > 9 || hi > 9) throw new RangeError(`time stamp: ${what} 0x${octet.toString(16)} is not BCD`);
  return lo * 10 + hi;
}

/** ISO-8601 with an offset → the 7 octets; the offset must be a whole number of quarter hours. */
export function encodeScts(iso: string): Uint8Array {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`time stamp must be ISO-8601 with an offset: ${JSON.stringify(iso)}`);
  const [, y, mo, d, h, mi, s, zone = "Z"] = m;
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  if (offsetMinutes % 15 !== 0 || Math.abs(offsetMinutes) > 79 * 15) {
    throw new RangeError(`time stamp zone must be whole quarter hours (±19:45 at most): ${iso}`);
  }
  const quarters = Math.abs(offsetMinutes) / 15;
  const fields = [Number(y) % 100, Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  return Uint8Array.of(...fields.map(swapped), swapped(quarters) | (offsetMinutes < 0 ? 0x08 : 0));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The 7 octets → ISO-8601 with its offset (`+07:00`); the year is 20YY. */
export function decodeScts(octets: ArrayLike<number>): string {
  const names = ["year", "month", "day", "hour", "minute", "second"];
  const f = names.map((name, i) => unswapped(octets[i] ?? 0, name));
  const tz = octets[6] ?? 0;
  const quarters = unswapped(tz & 0xf7, "zone");
  const minutes = quarters * 15;
  const sign = tz & 0x08 ? "-" : "+";
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = f;
  return (
    `20${pad(year)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}` +
    `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
  );
}
