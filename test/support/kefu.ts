// Starts a real Kefu on a fresh database, listening on a loopback port, so tests talk to it as clients do.
import { readFileSync } from 'node:fs';
import { describe } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import type { Fixture } from '../../src/fixtures/fixture-schema.js';
import { manualClock } from './clock.js';
import { dialects, freshDatabase, type TestDatabase } from './databases.js';

export const exampleFixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/example.json', import.meta.url), 'utf8'));

/** Names from fixtures/example.json that the tests refer to. */
export const acme = {
  app: { appId: 'cli_a000000000000001', appSecret: 'acme-secret-1' },
  readonlyApp: { appId: 'cli_a000000000000002', appSecret: 'acme-readonly-secret' },
  noScopeApp: { appId: 'cli_a000000000000003', appSecret: 'acme-noscope-secret' },
  helpdesk: { helpDeskId: '6626871355780366330', helpDeskToken: 'acme-helpdesk-token' },
  ownerToken: 'u-acme-owner-token-0001',
  ownerReadonlyToken: 'u-acme-owner-readonly-0001',
  ownerExpiredToken: 'u-acme-owner-expired-0001',
  adminToken: 'u-acme-admin-token-0002',
  plainUserToken: 'u-acme-plain-token-0008',
  owner: `ou_${'1'.padStart(32, '0')}`,
  admin: `ou_${'2'.padStart(32, '0')}`,
  alice: `ou_${'3'.padStart(32, '0')}`,
  bob: `ou_${'4'.padStart(32, '0')}`,
  carol: `ou_${'5'.padStart(32, '0')}`,
  guestZhang: `ou_${'6'.padStart(32, '0')}`,
  guestLi: `ou_${'7'.padStart(32, '0')}`,
  plain: `ou_${'8'.padStart(32, '0')}`,
};

export const globex = {
  app: { appId: 'cli_b000000000000001', appSecret: 'globex-secret-1' },
  helpdesk: { helpDeskId: '7777777777777777777', helpDeskToken: 'globex-helpdesk-token' },
  ownerToken: 'u-globex-owner-token-0001',
};

/** Wednesday 2026-11-25 10:00 in Asia/Shanghai. */
export const DEFAULT_NOW = Date.parse('2026-11-25T02:00:00Z');

export interface RunningKefu {
  baseUrl: string;
  app: FastifyInstance;
  db: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

export interface StartOptions {
  fixture?: unknown;
  now?: number;
  /** Capture the server's log (e.g. to search it for secrets); silent when absent. */
  logger?: AppOptions['logger'];
  /** Serve POST /kefu/v1/clock, as kefu serve --now does (not in the endpoint catalogue: the fuzzers must not move time). */
  testClock?: boolean;
  /** How often a console page's live region looks for changes (ms). */
  consolePollMs?: number;
  /** The long connection's settings (a short ClientConfig, so that a WSClient reconnects at once). */
  longConnection?: AppOptions['longConnection'];
  /** Event delivery options (e.g. a dispatcher that never polls, to show what wakes it). */
  events?: AppOptions['events'];
  /** Listen on this port (a restart where clients know the address); any free one when absent. */
  port?: number;
  /** Run on the real clock (beside a `kefu serve` process, whose clock is real); `clock` is then not the app's. */
  systemClock?: boolean;
  /** Serve this database (a restart) rather than a fresh one; it is disposed on close all the same. */
  db?: TestDatabase;
}

export async function startKefu(dialect: 'sqlite' | 'postgres', options: StartOptions = {}): Promise<RunningKefu> {
  const db = options.db ?? (await freshDatabase(dialect));
  const clock = manualClock(options.now ?? DEFAULT_NOW);
  const app = await buildApp({ database: db.database, clock: options.systemClock ? systemClock : clock, testClock: options.testClock ? clock : undefined, logger: options.logger, longConnection: options.longConnection, events: options.events,
    consolePollMs: options.consolePollMs });
  await loadFixture(app.kefu.store, options.fixture ?? exampleFixture, clock.now());
  const baseUrl = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    baseUrl,
    app,
    db,
    clock,
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

/** A fresh database holding the example fixture, for tests that build their own app over it. */
export async function fixtureDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const db = await freshDatabase(dialect);
  const app = await buildApp({ database: db.database });
  await loadFixture(app.kefu.store, exampleFixture, DEFAULT_NOW);
  await app.close();
  return db;
}

/** describe() once per database the suite runs on. */
export function describeEachDatabase(title: string, fn: (dialect: 'sqlite' | 'postgres') => void): void {
  for (const dialect of dialects) describe(`${title} [${dialect}]`, () => fn(dialect));
}

/** A token cache per client: the SDK's default cache is shared by every client in the process. */
class ClientCache implements lark.Cache {
  private readonly values = new Map<string | Symbol, { value: unknown; expiredTime?: number }>();
  async set(key: string | Symbol, value: unknown, expiredTime?: number) {
    this.values.set(key, { value, expiredTime });
    return true;
  }
  async get(key: string | Symbol) {
    const entry = this.values.get(key);
    if (!entry || (entry.expiredTime !== undefined && entry.expiredTime < Date.now())) return undefined;
    return entry.value;
  }
}

const silent = () => undefined;
const silentLogger = { error: silent, warn: silent, info: silent, debug: silent, trace: silent };

export function sdkClient(
  baseUrl: string,
  credentials: { appId: string; appSecret: string },
  helpdesk: { helpDeskId: string; helpDeskToken: string } | null = acme.helpdesk,
): lark.Client {
  return new lark.Client({
    ...credentials,
    ...(helpdesk ?? {}),
    domain: baseUrl,
    cache: new ClientCache(),
    // The SDK logs every failed call; the tests assert on failures, so keep its log quiet.
    logger: silentLogger,
  });
}

/** Request options for a call on behalf of a user; object spread, because lark.withAll drops these (wire.md). */
export function asUser(userToken: string) {
  return { lark: { ...(lark.withHelpDeskCredential() as any).lark, ...(lark.withUserAccessToken(userToken) as any).lark } } as any;
}

export const asHelpdesk = () => lark.withHelpDeskCredential();

/** The HTTP status and body of a failed SDK call (the SDK throws on any non-2xx). */
export async function sdkFailure(call: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    const body = await call;
    return { status: 200, body };
  } catch (e: any) {
    if (!e?.response) throw e;
    return { status: e.response.status, body: e.response.data };
  }
}

export function helpdeskHeader(id: string, token: string, bearer = true): string {
  const value = Buffer.from(`${id}:${token}`).toString('base64');
  return bearer ? `Bearer ${value}` : value;
}
