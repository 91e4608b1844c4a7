// Failed requests for a tenant or app token (a wrong app secret) are limited per app_id and per client address, so
// an app secret cannot be guessed as fast as the server answers. Over a limit: 429 / 99991400 with Feishu's
// x-ogw-ratelimit-* headers, for every request of that app or address until the window ends, whether its secret is
// right or not (answering a right one would tell a guesser it was right). Only failures stay counted: a request is
// counted before its secret is checked, so that guesses sent all at once cannot pass together, and uncounted again
// when it succeeds or fails for another reason. Counters live in Redis when one is configured and answers (every
// process then counts together), in the process otherwise; windows are fixed and aligned, as in rate-limit.ts.
import { ApiError, errors, type ErrorRow } from './errors.js';
import { rateLimited, type RateWindow } from './rate-limit.js';
import type { RedisLink } from './redis-link.js';
import { sha256Hex } from './secrets.js';

export interface TokenFailureLimits {
  /** Failed attempts allowed per app_id (whatever address they come from). */
  perApp: RateWindow[];
  /** Failed attempts allowed per client address (whatever app_id they name). */
  perAddress: RateWindow[];
}

export const DEFAULT_TOKEN_FAILURE_LIMITS: TokenFailureLimits = {
  perApp: [{ max: 10, windowMs: 60_000 }],
  perAddress: [{ max: 30, windowMs: 60_000 }],
};

/** Failed password sign-ins (docs/sign-in.md): per person named (open_id or email), and per address. */
export const DEFAULT_SIGN_IN_FAILURE_LIMITS: TokenFailureLimits = {
  perApp: [{ max: 5, windowMs: 60_000 }],
  perAddress: [{ max: 20, windowMs: 60_000 }],
};

export interface TokenAttemptOptions {
  limits: TokenFailureLimits;
  /** Where windows are cut from; tests pass a clock they move. */
  now?: () => number;
  /** Prefix of the Redis keys (the rate limits' prefix). */
  redisPrefix?: string;
  /** The refusal that counts as a failed attempt (a wrong app secret unless told; sign-in counts wrong passwords). */
  failure?: ErrorRow;
  /** Names the counters in Redis keys, so that two kinds of attempts never share one ('token-failures' unless told). */
  counterName?: string;
}

interface Counted {
  key: string;
  window: RateWindow;
}

/** A counter outlives its window by this much, as in rate-limit.ts. */
const KEY_GRACE_MS = 60_000;
const MAX_LOCAL_KEYS = 10_000;
/** Longer app ids (any string may be sent) are keyed by their digest, so a key stays small. */
const MAX_KEYED_APP_ID = 64;

export class TokenAttempts {
  private readonly local = new Map<string, { count: number; until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly options: TokenAttemptOptions | false,
    private readonly redis?: RedisLink,
  ) {
    this.now = (options && options.now) || Date.now;
  }

  /** Runs `issue` unless the app or the address is over its limit of failures; a wrong secret stays counted. */
  async attempt<T>(app_id: unknown, address: string, issue: () => Promise<T>): Promise<T> {
    if (!this.options) return issue();
    const now = this.now();
    const counted = this.keys(this.options.limits, app_id, address, now);
    if (counted.length === 0) return issue();
    const counts = await this.add(counted, 1);
    const over = counted.find((c, i) => counts[i]! > c.window.max);
    if (over) throw rateLimited(over.window, now);
    let failed = false;
    try {
      return await issue();
    } catch (error) {
      // A wrong app secret at the token endpoints and at the long connection's endpoint, unless told another failure.
      const failure = this.options && this.options.failure;
      failed = error instanceof ApiError && (failure ? error.row === failure : error.row === errors.invalidAppSecret || error.row === errors.wsAuthFailed);
      throw error;
    } finally {
      if (!failed) await this.add(counted, -1);
    }
  }

  private keys(limits: TokenFailureLimits, app_id: unknown, address: string, now: number): Counted[] {
    const prefix = `${(this.options && this.options.redisPrefix) || 'kefu:rate-limit:'}${(this.options && this.options.counterName) || 'token-failures'}:`;
    const key = (kind: string, id: string, window: RateWindow) => ({ key: `${prefix}${kind}:${window.windowMs}:${id}:${Math.floor(now / window.windowMs)}`, window });
    const byAddress = limits.perAddress.map((w) => key('address', address, w));
    if (typeof app_id !== 'string') return byAddress;
    const appKey = app_id.length > MAX_KEYED_APP_ID ? sha256Hex(app_id) : app_id;
    return [...limits.perApp.map((w) => key('app', appKey, w)), ...byAddress];
  }

  /** Adds delta to each counter and answers the new counts: in Redis when it answers, in the process otherwise. */
  private async add(counted: Counted[], delta: number): Promise<number[]> {
    if (this.redis?.up) {
      try {
        const batch = this.redis.client.multi();
        for (const { key, window } of counted) batch.incrby(key, delta).pexpire(key, window.windowMs + KEY_GRACE_MS);
        const replies = (await batch.exec()) ?? [];
        return counted.map((_, i) => Number(replies[2 * i]?.[1]));
      } catch (error) {
        this.redis.commandFailed(error as Error);
      }
    }
    return counted.map(({ key, window }) => this.addLocal(key, delta, window));
  }

  private addLocal(key: string, delta: number, window: RateWindow): number {
    const now = this.now();
    const entry = this.local.get(key);
    if (entry && entry.until > now) return (entry.count += delta);
    // Counted in Redis, uncounted here after Redis went away: nothing to take back.
    if (delta < 0) return 0;
    if (this.local.size >= MAX_LOCAL_KEYS) this.forgetExpired(now);
    this.local.set(key, { count: delta, until: (Math.floor(now / window.windowMs) + 1) * window.windowMs + KEY_GRACE_MS });
    return delta;
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.local) if (entry.until <= now) this.local.delete(key);
    // Still full: the oldest counters go first (a Map keeps insertion order).
    for (const key of this.local.keys()) {
      if (this.local.size < MAX_LOCAL_KEYS) break;
      this.local.delete(key);
    }
  }
}
