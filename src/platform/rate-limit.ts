// Feishu's rate limits, per app and helpdesk: the ticket list allows 50 requests a second and 1,000 a minute; every
// other helpdesk call has the "special" limit, configurable. Over a limit: 429 / 99991400 with x-ogw-ratelimit-limit
// and x-ogw-ratelimit-reset. @fastify/rate-limit does the counting, in Redis when one is configured (shared by every
// process) and in process memory otherwise or while Redis is away.
//
// Windows are fixed and aligned to the time source (second n, minute m), and the window's index is part of the key:
// every process cuts the same windows, the reset header is exact, and tests move time by moving the time source.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, errors } from './errors.js';
import type { RedisLink } from './redis-link.js';

export type RateLimitClass = 'ticket-list' | 'special';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which limit a helpdesk route counts against; routes with an access rule default to 'special'. */
    rateLimitClass?: RateLimitClass | false;
  }
}

export interface RateWindow {
  max: number;
  windowMs: number;
}

/** The defaults, in one place. The ticket list's come from its seed page; "special" is Feishu's unnamed tier. */
export const DEFAULT_RATE_LIMITS: Record<RateLimitClass, RateWindow[]> = {
  'ticket-list': [
    { max: 50, windowMs: 1000 },
    { max: 1000, windowMs: 60_000 },
  ],
  special: [
    { max: 50, windowMs: 1000 },
    { max: 1000, windowMs: 60_000 },
  ],
};

export interface RateLimitOptions {
  /** Overrides of the defaults, e.g. `special` from --special-rate-limit. */
  limits?: Partial<Record<RateLimitClass, RateWindow[]>>;
  /** Where windows are cut from; tests pass a clock they move. Not the API clock: `--now` freezes that one. */
  now?: () => number;
  /** Prefix of the Redis keys, so several deployments can share one Redis. */
  redisPrefix?: string;
}

/** A counter keyed by request: the library's limiter for one window on one store. */
type Limiter = (request: FastifyRequest) => Promise<{ isExceeded?: boolean }>;

interface WindowLimiter {
  window: RateWindow;
  local: Limiter;
  shared?: Limiter;
}

/** A key outlives its window by this much, so a counter is never dropped while its window is still current. */
const KEY_GRACE_MS = 60_000;
const LOCAL_KEYS_PER_WINDOW = 10_000;

export const rateLimit = fp<RateLimitOptions & { redis?: RedisLink }>(async (app, options) => {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const localFactory = await limiterFactory(app, {});
  const sharedFactory = options.redis ? await limiterFactory(app, { redis: options.redis.client, nameSpace: options.redisPrefix ?? 'kefu:rate-limit:' }) : undefined;

  const limiters = new Map<RateLimitClass, WindowLimiter[]>();
  for (const [name, windows] of Object.entries(limits) as [RateLimitClass, RateWindow[]][]) {
    limiters.set(
      name,
      windows.map((window) => {
        const settings = {
          max: window.max,
          timeWindow: window.windowMs + KEY_GRACE_MS,
          keyGenerator: (request: FastifyRequest) =>
            `${name}:${window.windowMs}:${request.caller.app_id}:${request.helpdesk.helpdesk_id}:${Math.floor(now() / window.windowMs)}`,
        };
        return { window, local: localFactory(settings), shared: sharedFactory?.(settings) };
      }),
    );
  }

  // preValidation runs after the access check (onRequest) has named the app and helpdesk, and before the body is
  // validated, so a malformed request counts as it does at Feishu's gateway.
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (!config.access || config.rateLimitClass === false) return;
    const windows = limiters.get(config.rateLimitClass ?? 'special') ?? [];
    // Shortest window first; a request refused by one window does not use up the longer ones.
    for (const limiter of windows) {
      const counted = await count(limiter, request, options.redis);
      if (counted.isExceeded) throw rateLimited(limiter.window, now());
    }
  });
});

async function count(limiter: WindowLimiter, request: FastifyRequest, redis: RedisLink | undefined) {
  if (limiter.shared && redis?.up) {
    try {
      return await limiter.shared(request);
    } catch (error) {
      redis.commandFailed(error as Error);
    }
  }
  return limiter.local(request);
}

/** 429 / 99991400 with the headers Feishu sends: the limit reached and the seconds until its window ends. */
export function rateLimited(window: RateWindow, now: number): ApiError {
  const windowEnd = (Math.floor(now / window.windowMs) + 1) * window.windowMs;
  return new ApiError(errors.rateLimited, {
    headers: { 'x-ogw-ratelimit-limit': window.max, 'x-ogw-ratelimit-reset': Math.max(1, Math.ceil((windowEnd - now) / 1000)) },
  });
}

type LimiterSettings = { max: number; timeWindow: number; keyGenerator: (request: FastifyRequest) => string };

/**
 * The library keeps one store per registration; each store gets its own encapsulated registration, from which only
 * `createRateLimit` is taken (global: false: the library adds no hooks of its own).
 */
async function limiterFactory(app: FastifyInstance, store: { redis?: unknown; nameSpace?: string }): Promise<(settings: LimiterSettings) => Limiter> {
  let factory: FastifyInstance['createRateLimit'] | undefined;
  await app.register(async (scope) => {
    await scope.register(fastifyRateLimit, { global: false, cache: LOCAL_KEYS_PER_WINDOW, ...store });
    factory = scope.createRateLimit.bind(scope);
  });
  return (settings) => factory!(settings) as Limiter;
}

/** Parses a limit like "50/s,1000/min" (the --special-rate-limit flag). */
export function parseRateWindows(text: string): RateWindow[] {
  const units: Record<string, number> = { s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 };
  const windows = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*([a-z]+)\s*$/.exec(part);
    const windowMs = match ? units[match[2]!] : undefined;
    if (!match || windowMs === undefined || Number(match[1]) < 1) throw new Error(`"${part.trim()}" is not a limit like 50/s or 1000/min`);
    return { max: Number(match[1]), windowMs };
  });
  return windows.sort((a, b) => a.windowMs - b.windowMs);
}
