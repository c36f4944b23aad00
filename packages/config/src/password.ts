/**
 * node:crypto when a password is hashed or checked, not when the package loads: every role
 * imports @motcua/config, and loading crypto costs a kiosk or a pad, which never check a
 * password, close to 1 MiB of resident memory (issue 11).
 */
const crypto = () => process.getBuiltinModule("node:crypto");

// A device's password is checked by the hub at every connection and by the site check at every
// boot; both use these two functions, which need nothing but node:crypto (the site check must
// not load the hub to verify a password).

// scrypt cost: ~50 ms on a Raspberry Pi 4, paid once per device connection.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, the form the configuration's `passwordHash` takes. */
export function hashPassword(password: string): string {
  const { randomBytes, scryptSync } = crypto();
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Whether a password matches a stored hash; constant-time, and false for any malformed hash. */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] as string, "base64url");
  const expected = Buffer.from(parts[5] as string, "base64url");
  if (!n || !r || !p || salt.length === 0 || expected.length === 0 || n > 2 ** 20) return false;
  const { scryptSync, timingSafeEqual } = crypto();
  const actual = scryptSync(password, salt, expected.length, {
    N: n,
    r,
    p,
    maxmem: 256 * n * r + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}
