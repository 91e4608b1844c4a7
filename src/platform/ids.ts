// Ids in Feishu's shape: helpdesk objects carry 19-digit numeric ids that grow with time.
import { randomInt } from 'node:crypto';

/** 2010-01-01T00:00:00Z: ids made from here on have 19 digits until the 2080s. */
const EPOCH_MS = 1_262_304_000_000;

/** A 19-digit id: milliseconds since 2010 above 22 random bits, so ids made later sort later. */
export function snowflakeId(now: number): string {
  return ((BigInt(Math.max(0, now - EPOCH_MS)) << 22n) | BigInt(randomInt(1 << 22))).toString();
}
