import { createHash } from 'node:crypto';
import { DAY_MS } from '../calendar-date';

/** A UUID-shaped id derived from a name: the same demo data gets the same ids every time. */
export function demoId(...parts: Array<string | number>): string {
  const h = createHash('sha256').update(parts.join(':')).digest('hex');
  // Version 8 (custom) and the RFC 4122 variant, so ids pass the same check as random v4 ones.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: small, fast and deterministic; not for anything secret. */
export function prng(...seed: Array<string | number>): Rng {
  let a = parseInt(createHash('sha256').update(seed.join(':')).digest('hex').slice(0, 8), 16);
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export interface Rng {
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function daysBefore(now: Date, days: number, extraMinutes = 0): Date {
  return new Date(now.getTime() - days * DAY_MS + extraMinutes * 60_000);
}

/** Calendar months, as the policies count them (37 months of inactivity...). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}
