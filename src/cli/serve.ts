// kefu serve: open (and migrate) the database, load a fixture or the demo world, listen, shut down gracefully.
import { buildApp } from '../app.js';
import { openDatabase } from '../db/connect.js';
import { createDemoLives } from '../fixtures/demo-lives.js';
import { demoCredentials, demoLiveAgent, demoWorld } from '../fixtures/demo-world.js';
import { loadFixture, readFixtureFile } from '../fixtures/load-fixture.js';
import { manualClock, systemClock } from '../platform/clock.js';
import { DEFAULT_RATE_LIMITS, parseRateWindows, type RateWindow } from '../platform/rate-limit.js';
import { Store } from '../services/store.js';
import { DEFAULT_DB, parseFlags, parseInstant, parseInteger, pick, UsageError } from './options.js';

export const serveHelp = `kefu serve [options]       start the server

  --port N            port to listen on              (PORT, default 8080)
  --host ADDR         address to bind                (HOST, default 127.0.0.1)
  --db TARGET         SQLite file, :memory:, or postgres://user@host:port/db
                                                     (KEFU_DB, default ${DEFAULT_DB})
  --pool-size N       PostgreSQL connections         (KEFU_PG_POOL_SIZE, default 10)
  --fixture FILE      load a JSON world (see schemas/fixture.schema.json); loading it again is harmless
                                                     (KEFU_FIXTURE)
  --now ISO-8601      freeze the clock at this instant (tests of schedules and token expiry)
                                                     (KEFU_NOW)
  --rate-limit on|off Feishu's rate limits           (KEFU_RATE_LIMIT, default on)
  --special-rate-limit LIMITS
                      limit of every helpdesk call but the ticket list, per app and helpdesk
                                                     (KEFU_SPECIAL_RATE_LIMIT, default ${describeWindows(DEFAULT_RATE_LIMITS.special)})
  --redis URL         share rate limits between processes through Redis
                                                     (KEFU_REDIS)
  --redis-prefix P    prefix of Kefu's Redis keys    (KEFU_REDIS_PREFIX, default kefu:rate-limit:)
  --log-level LEVEL   fatal, error, warn, info, debug, trace, silent
                                                     (KEFU_LOG_LEVEL, default info)

On an empty database without --fixture, Kefu creates a demo helpdesk and prints how to call it.`;

export interface ServeConfig {
  port: number;
  host: string;
  db: string;
  poolSize: number;
  fixture?: string;
  now?: number;
  rateLimit: boolean;
  specialRateLimit?: RateWindow[];
  redis?: string;
  redisPrefix?: string;
  logLevel: string;
}

export function serveConfig(args: string[]): ServeConfig {
  const flags = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'pool-size': { type: 'string' },
    fixture: { type: 'string' },
    now: { type: 'string' },
    'rate-limit': { type: 'string' },
    'special-rate-limit': { type: 'string' },
    redis: { type: 'string' },
    'redis-prefix': { type: 'string' },
    'log-level': { type: 'string' },
  });
  const rateLimit = pick(flags['rate-limit'], 'KEFU_RATE_LIMIT', 'on')!;
  if (rateLimit !== 'on' && rateLimit !== 'off') throw new UsageError(`--rate-limit must be on or off (got ${JSON.stringify(rateLimit)})`);
  const logLevel = pick(flags['log-level'], 'KEFU_LOG_LEVEL', 'info')!;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new UsageError(`--log-level ${logLevel} is not a level`);
  const now = pick(flags.now, 'KEFU_NOW');
  const special = pick(flags['special-rate-limit'], 'KEFU_SPECIAL_RATE_LIMIT');
  return {
    port: parseInteger(pick(flags.port, 'PORT', '8080')!, '--port', 0, 65535),
    host: pick(flags.host, 'HOST', '127.0.0.1')!,
    db: pick(flags.db, 'KEFU_DB', DEFAULT_DB)!,
    poolSize: parseInteger(pick(flags['pool-size'], 'KEFU_PG_POOL_SIZE', '10')!, '--pool-size', 1, 1000),
    fixture: pick(flags.fixture, 'KEFU_FIXTURE'),
    now: now === undefined ? undefined : parseInstant(now, '--now'),
    rateLimit: rateLimit === 'on',
    specialRateLimit: special === undefined ? undefined : parseSpecialRateLimit(special),
    redis: pick(flags.redis, 'KEFU_REDIS'),
    redisPrefix: pick(flags['redis-prefix'], 'KEFU_REDIS_PREFIX'),
    logLevel,
  };
}

export async function serve(args: string[]): Promise<void> {
  const config = serveConfig(args);
  const testClock = config.now === undefined ? undefined : manualClock(config.now);
  const clock = testClock ?? systemClock;
  const database = await openDatabase(config.db, { poolSize: config.poolSize });
  const store = new Store(database);

  let createdDemo = false;
  if (config.fixture) {
    await loadFixture(store, await readFixtureFile(config.fixture), clock.now());
  } else if ((await store.repos.identities.countTenants()) === 0) {
    await loadFixture(store, demoWorld(clock.now()), clock.now());
    createdDemo = true;
  }

  const app = await buildApp({
    database,
    clock,
    logger: { level: config.logLevel },
    rateLimit: config.rateLimit && { limits: config.specialRateLimit && { special: config.specialRateLimit }, redisPrefix: config.redisPrefix },
    redisUrl: config.redis,
    testClock,
    realTimeTimers: testClock === undefined,
  });
  // The demo's live tickets go through the lifecycle itself, so they need the app's services.
  if (createdDemo) await createDemoLives(app.kefu, demoLiveAgent);
  const address = await app.listen({ port: config.port, host: config.host });
  // Said plainly on stdout whatever the log level: scripts and people wait for this line.
  process.stdout.write(`kefu listening on ${address} (${database.dialect}: ${database.location})\n`);
  if (createdDemo) process.stdout.write(demoBanner(address));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function parseSpecialRateLimit(text: string): RateWindow[] {
  try {
    return parseRateWindows(text);
  } catch (e) {
    throw new UsageError(`--special-rate-limit: ${(e as Error).message}`);
  }
}

function describeWindows(windows: RateWindow[]): string {
  return windows.map((w) => `${w.max}/${w.windowMs === 1000 ? 's' : w.windowMs === 60_000 ? 'min' : 'h'}`).join(',');
}

export function demoBanner(address: string): string {
  const c = demoCredentials;
  const helpdeskHeader = Buffer.from(`${c.helpdesk_id}:${c.helpdesk_token}`).toString('base64');
  return `
Kefu created a demo helpdesk on this empty database.

  app_id           ${c.app_id}
  app_secret       ${c.app_secret}
  helpdesk_id      ${c.helpdesk_id}
  helpdesk_token   ${c.helpdesk_token}
  owner user token ${c.owner_token}   (user ${c.owner_open_id}, for writes)

Call it with curl:

  TOKEN=$(curl -s -X POST ${address}/open-apis/auth/v3/tenant_access_token/internal -H 'Content-Type: application/json' -d '{"app_id":"${c.app_id}","app_secret":"${c.app_secret}"}' | sed -E 's/.*"tenant_access_token":"([^"]+)".*/\\1/')
  curl -s ${address}/open-apis/helpdesk/v1/agent_skills -H "Authorization: Bearer $TOKEN" -H 'X-Lark-Helpdesk-Authorization: ${helpdeskHeader}'

Or with the official SDK (npm install @larksuiteoapi/node-sdk):

  import * as lark from '@larksuiteoapi/node-sdk';
  const client = new lark.Client({ appId: '${c.app_id}', appSecret: '${c.app_secret}',
    helpDeskId: '${c.helpdesk_id}', helpDeskToken: '${c.helpdesk_token}', domain: '${address}' });
  const res = await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
  console.log(JSON.stringify(res.data, null, 2));

`;
}
