// kefu serve: open (and migrate) the database, load a fixture or the demo world, listen, shut down gracefully.
// A start that fails says so in one line (startup-failure.ts) and exits non-zero.
import { buildApp } from '../app.js';
import { openDatabase, redactPassword, type Database } from '../db/connect.js';
import { createDemoLives } from '../fixtures/demo-lives.js';
import { demoCredentials, demoLiveAgent, demoWorld } from '../fixtures/demo-world.js';
import { loadFixture, readFixtureFile } from '../fixtures/load-fixture.js';
import { FixtureError } from '../fixtures/validate-fixture.js';
import { manualClock, systemClock, type Clock, type ManualClock } from '../platform/clock.js';
import { DEFAULT_RATE_LIMITS, parseRateWindows, type RateWindow } from '../platform/rate-limit.js';
import { DEFAULT_SIGN_IN_FAILURE_LIMITS, DEFAULT_TOKEN_FAILURE_LIMITS, type TokenFailureLimits } from '../platform/token-attempts.js';
import type { KefuMetrics } from '../services/metrics.js';
import { Store } from '../services/store.js';
import { DEFAULT_LONG_CONNECTION } from '../services/long-connection-service.js';
import type { ClientConfig } from '../events/ws-frame.js';
import { DEFAULT_DB, parseFlags, parseInstant, parseInteger, pick, UsageError } from './options.js';
import { listenForMetrics, parseMetricsSetting, type MetricsSetting } from './metrics-listener.js';
import { readableLog } from './readable-log.js';
import { databaseFailure, fixtureFailure, listenFailure } from './startup-failure.js';

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
  --token-failures-per-app LIMITS
                      failed token requests (wrong app secret) allowed per app_id, or off
                                                     (KEFU_TOKEN_FAILURES_PER_APP, default ${describeWindows(DEFAULT_TOKEN_FAILURE_LIMITS.perApp)})
  --token-failures-per-address LIMITS
                      failed token requests allowed per client address, or off
                                                     (KEFU_TOKEN_FAILURES_PER_ADDRESS, default ${describeWindows(DEFAULT_TOKEN_FAILURE_LIMITS.perAddress)})
  --ws-client-config K=V,...
                      the ClientConfig the long connection's clients adopt (seconds): PingInterval,
                      ReconnectInterval, ReconnectNonce, ReconnectCount (-1: forever); those not given keep the SDKs'
                      defaults 120, 120, 30, -1     (KEFU_WS_CLIENT_CONFIG)
  --redis URL         share rate limits between processes through Redis
                                                     (KEFU_REDIS)
  --redis-prefix P    prefix of Kefu's Redis keys    (KEFU_REDIS_PREFIX, default kefu:rate-limit:)
  --metrics on|off|HOST:PORT
                      Prometheus metrics: on serves GET /metrics on the API's port, without credentials; HOST:PORT
                      serves them only on a listener of their own there; off counts nothing
                                                     (KEFU_METRICS, default on)
  --log-level LEVEL   fatal, error, warn, info, debug, trace, silent
                                                     (KEFU_LOG_LEVEL, default info)
  --log-format F      json (one object a line) or pretty (readable lines)
                                                     (KEFU_LOG_FORMAT, default pretty at a terminal, else json)
  --demo              on a database without tenants, create a demo helpdesk with public credentials and print how
                      to call it (npm start does); never on a database anyone else can reach
                                                     (KEFU_DEMO=on)

On an empty database without --demo, Kefu starts empty and says how to load a fixture.`;

export interface ServeConfig {
  port: number;
  host: string;
  db: string;
  poolSize: number;
  fixture?: string;
  now?: number;
  rateLimit: boolean;
  specialRateLimit?: RateWindow[];
  tokenFailureLimits: TokenFailureLimits;
  redis?: string;
  redisPrefix?: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  demo: boolean;
  metrics: MetricsSetting;
  wsClientConfig?: Partial<ClientConfig>;
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
    'token-failures-per-app': { type: 'string' },
    'token-failures-per-address': { type: 'string' },
    redis: { type: 'string' },
    'redis-prefix': { type: 'string' },
    'log-level': { type: 'string' },
    'log-format': { type: 'string' },
    metrics: { type: 'string' },
    demo: { type: 'boolean' },
    'ws-client-config': { type: 'string' },
  });
  const rateLimit = pick(flags['rate-limit'], 'KEFU_RATE_LIMIT', 'on')!;
  if (rateLimit !== 'on' && rateLimit !== 'off') throw new UsageError(`--rate-limit must be on or off (got ${JSON.stringify(rateLimit)})`);
  const logLevel = pick(flags['log-level'], 'KEFU_LOG_LEVEL', 'info')!;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new UsageError(`--log-level ${logLevel} is not a level`);
  const logFormat = pick(flags['log-format'], 'KEFU_LOG_FORMAT', process.stdout.isTTY ? 'pretty' : 'json')!;
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new UsageError(`--log-format must be json or pretty (got ${JSON.stringify(logFormat)})`);
  const demo = flags.demo === true ? 'on' : pick(undefined, 'KEFU_DEMO', 'off')!;
  if (demo !== 'on' && demo !== 'off') throw new UsageError(`KEFU_DEMO must be on or off (got ${JSON.stringify(demo)})`);
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
    specialRateLimit: special === undefined ? undefined : parseLimitFlag('--special-rate-limit', special),
    tokenFailureLimits: {
      perApp: parseFailureLimit('--token-failures-per-app', pick(flags['token-failures-per-app'], 'KEFU_TOKEN_FAILURES_PER_APP'), DEFAULT_TOKEN_FAILURE_LIMITS.perApp),
      perAddress: parseFailureLimit('--token-failures-per-address', pick(flags['token-failures-per-address'], 'KEFU_TOKEN_FAILURES_PER_ADDRESS'), DEFAULT_TOKEN_FAILURE_LIMITS.perAddress),
    },
    redis: pick(flags.redis, 'KEFU_REDIS'),
    redisPrefix: pick(flags['redis-prefix'], 'KEFU_REDIS_PREFIX'),
    logLevel,
    logFormat,
    demo: demo === 'on',
    metrics: parseMetricsSetting(pick(flags.metrics, 'KEFU_METRICS', 'on')!),
    wsClientConfig: parseClientConfig(pick(flags['ws-client-config'], 'KEFU_WS_CLIENT_CONFIG')),
  };
}

const CLIENT_CONFIG_KEYS = ['PingInterval', 'ReconnectInterval', 'ReconnectNonce', 'ReconnectCount'] as const;

/** `PingInterval=5,ReconnectInterval=1`: integers, seconds; ReconnectCount may be -1 (forever), the others at least 0 (PingInterval 1). */
function parseClientConfig(text: string | undefined): Partial<ClientConfig> | undefined {
  if (text === undefined) return undefined;
  const config: Partial<ClientConfig> = {};
  for (const part of text.split(',')) {
    const [key, value = ''] = part.split('=');
    const known = CLIENT_CONFIG_KEYS.find((k) => k === key?.trim());
    if (!known) throw new UsageError(`--ws-client-config: ${JSON.stringify(key)} is not one of ${CLIENT_CONFIG_KEYS.join(', ')}`);
    const min = known === 'ReconnectCount' ? -1 : known === 'PingInterval' ? 1 : 0;
    config[known] = parseInteger(value.trim(), `--ws-client-config ${known}`, min, 86_400);
  }
  return config;
}

export async function serve(args: string[]): Promise<void> {
  const config = serveConfig(args);
  const testClock = config.now === undefined ? undefined : manualClock(config.now);
  const clock = testClock ?? systemClock;
  const database = await openDatabase(config.db, { poolSize: config.poolSize, backgroundCheckpoints: true }).catch((e) => {
    throw databaseFailure(e, redactPassword(config.db));
  });
  const { app, address, world } = await startOn(database, config, clock, testClock).catch(async (error) => {
    await database.close();
    throw error;
  });
  const metricsServer = await startMetricsListener(app.kefu.metrics, config.metrics).catch(async (error) => {
    await app.close();
    await database.close();
    throw error;
  });
  // Said plainly on stdout whatever the log level: scripts and people wait for this line.
  process.stdout.write(`kefu listening on ${address} (${database.dialect}: ${database.location})\n`);
  if (metricsServer && config.metrics.mode === 'listen') process.stdout.write(`kefu metrics on http://${config.metrics.host}:${config.metrics.port}/metrics\n`);
  if (world === 'demo') {
    const link = await app.kefu.signIn.createLoginLink({ open_id: demoCredentials.owner_open_id, baseUrl: address });
    process.stdout.write(demoBanner(address, link.url));
  }
  if (world === 'empty') process.stdout.write(emptyBanner());

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests`);
    metricsServer?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Fills the database as the flags say, builds the app and listens; an app that cannot listen is closed. */
async function startOn(database: Database, config: ServeConfig, clock: Clock, testClock: ManualClock | undefined) {
  const world = await prepareWorld(new Store(database), config, clock.now());
  const app = await buildApp({
    database,
    clock,
    logger: { level: config.logLevel, ...(config.logFormat === 'pretty' ? { stream: readableLog(process.stdout) } : {}) },
    rateLimit: config.rateLimit && { limits: config.specialRateLimit && { special: config.specialRateLimit }, redisPrefix: config.redisPrefix },
    redisUrl: config.redis,
    tokenFailureLimits: { limits: config.tokenFailureLimits, redisPrefix: config.redisPrefix },
    signInFailureLimits: { limits: DEFAULT_SIGN_IN_FAILURE_LIMITS, redisPrefix: config.redisPrefix },
    // --now: a frozen clock that only POST /kefu/v1/clock moves; otherwise real time drives the timers.
    testClock,
    realTimeTimers: testClock === undefined,
    longConnection: config.wsClientConfig && { clientConfig: { ...DEFAULT_LONG_CONNECTION.clientConfig, ...config.wsClientConfig } },
    metrics: config.metrics.mode === 'on' ? 'route' : config.metrics.mode === 'listen' ? 'collect' : false,
  });
  // The demo's live tickets go through the lifecycle itself, so they need the app's services.
  if (world === 'demo') await createDemoLives(app.kefu, demoLiveAgent);
  const address = await app.listen({ port: config.port, host: config.host }).catch(async (e) => {
    await app.close();
    throw listenFailure(e, config.host, config.port);
  });
  return { app, address, world };
}

/** The metrics' own listener when --metrics names one; a port in use fails the start like the API's port. */
async function startMetricsListener(metrics: KefuMetrics | undefined, setting: MetricsSetting) {
  if (setting.mode !== 'listen' || !metrics) return undefined;
  return listenForMetrics(metrics, setting.host, setting.port).catch((e) => {
    throw listenFailure(e, setting.host, setting.port);
  });
}

/** What the database holds once started: the data it had or a fixture, the demo world, or nothing at all. */
type World = 'loaded' | 'demo' | 'empty';

async function prepareWorld(store: Store, config: ServeConfig, now: number): Promise<World> {
  if (config.fixture) {
    try {
      await loadFixture(store, await readFixtureFile(config.fixture), now);
    } catch (e) {
      throw e instanceof FixtureError ? fixtureFailure(e, config.fixture) : e;
    }
  }
  if ((await store.repos.identities.countTenants()) > 0) return 'loaded';
  if (!config.demo) return 'empty';
  await loadFixture(store, demoWorld(now), now);
  return 'demo';
}

function emptyBanner(): string {
  return `
This database holds no helpdesk yet. To give it one:

  - describe your tenant, app, users and helpdesk in a fixture (format: schemas/fixture.schema.json, explained in
    docs/fixtures.md; fixtures/example.json is a complete example) and start with --fixture FILE (KEFU_FIXTURE);
  - or, to try Kefu out, start with --demo (what npm start does) for a demo helpdesk with public credentials.

`;
}

function parseLimitFlag(flag: string, text: string): RateWindow[] {
  try {
    return parseRateWindows(text);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}

/** A limit of failed token requests: like --special-rate-limit, or `off` (no windows). */
function parseFailureLimit(flag: string, text: string | undefined, fallback: RateWindow[]): RateWindow[] {
  if (text === undefined) return fallback;
  return text.trim() === 'off' ? [] : parseLimitFlag(flag, text);
}

function describeWindows(windows: RateWindow[]): string {
  return windows.map((w) => `${w.max}/${w.windowMs === 1000 ? 's' : w.windowMs === 60_000 ? 'min' : 'h'}`).join(',');
}

export function demoBanner(address: string, ownerSignInLink: string): string {
  const c = demoCredentials;
  const helpdeskHeader = Buffer.from(`${c.helpdesk_id}:${c.helpdesk_token}`).toString('base64');
  return `
Kefu created a demo helpdesk on this empty database.

  app_id           ${c.app_id}
  app_secret       ${c.app_secret}
  helpdesk_id      ${c.helpdesk_id}
  helpdesk_token   ${c.helpdesk_token}
  owner user token ${c.owner_token}   (user ${c.owner_open_id}, for writes)

Sign in as the owner in a browser (the link works once, within 15 minutes; \`kefu login-link --user ${c.owner_open_id}\` makes another):

  ${ownerSignInLink}

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
