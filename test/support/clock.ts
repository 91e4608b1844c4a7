// A clock the tests move by hand: token expiry, derived agent status and rate-limit windows without waiting.
import type { Clock } from '../../src/platform/clock.js';

export function manualClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
