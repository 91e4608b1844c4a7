import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn in blocks and turned into upper-case hex once per block: asking the system for 9 bytes and
 * formatting them on every request costs more than the rest of the id.
 */
const pool = Buffer.alloc(9 * 512);
let hex = '';
let used = pool.length;

/** The yyyyMMddHHmmss part, made again only when the second changes. */
let stampSecond = -1;
let stamp = '';

/** A Feishu-style log id: UTC timestamp (yyyyMMddHHmmss) and random hex, answered in X-Tt-Logid and logged. */
export function newLogId(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== stampSecond) {
    stampSecond = second;
    stamp = new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  }
  if (used + 9 > pool.length) {
    randomFillSync(pool);
    hex = pool.toString('hex').toUpperCase();
    used = 0;
  }
  const random = hex.substring(used * 2, used * 2 + 18);
  used += 9;
  return stamp + random;
}
