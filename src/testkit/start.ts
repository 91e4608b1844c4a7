// startKefu: a whole Kefu inside a test process, the package's main export (docs/testing.md). It is `kefu serve`
// assembled in-process on a database of its own (a temporary SQLite file, or a scratch PostgreSQL database), with
// a frozen clock, every event captured, and a reset that puts the data back to the fixture between tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { isPostgresUrl, openDatabase, type Database } from '../db/connect.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { SqliteSnapshot } from '../db/sqlite-snapshot.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { Fixture } from '../fixtures/fixture-schema.js';
import { loadFixture, readFixtureFile } from '../fixtures/load-fixture.js';
import { validateFixture } from '../fixtures/validate-fixture.js';
import { manualClock, type ManualClock } from '../platform/clock.js';
import { BulkCopyRepository } from '../repositories/bulk-copy-repository.js';
import { ResetRepository } from '../repositories/reset-repository.js';
import { KefuApiClient } from './api-client.js';
import { CapturedEvents, type AddressOf, type EventFilter } from './events.js';
import { Agent, Guest, type TriggerContext } from './triggers.js';
import { defaultWorld, WorldBuilder } from './world.js';

export interface StartKefuOptions {
  /** The world to serve: a fixture object, a `world()` builder, or a fixture file's path. Default: a small world
   *  of one helpdesk, two agents on duty (`ou_agent_1`, `ou_agent_2`) and two guests (`ou_guest_1`, `ou_guest_2`). */
  fixture?: Fixture | WorldBuilder | string;
  /** The frozen clock's start (ms, ISO-8601 or a Date; default: the real time at start), or false for real time. */
  now?: number | string | Date | false;
  /** `sqlite` (default: a temporary file, removed by close()) or a PostgreSQL server's URL (a scratch database is
   *  created there, which needs the CREATEDB privilege, and dropped by close()). */
  database?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A pino level for the server's log on stdout (`info`, `debug`...); default silent. */
  log?: string;
}

/** What `new lark.Client({ ...credentials, domain: kefu.url })` needs, and the fixture's user tokens. */
export interface KefuCredentials {
  appId: string;
  appSecret: string;
  helpDeskId: string;
  helpDeskToken: string;
  /** open_id to user token, for the users the fixture gave a token for the first app. */
  userTokens: Record<string, string>;
}

export interface KefuClock {
  /** The server's current instant (ms). */
  now(): number;
  /** Moves the frozen clock forward to an instant, running every timer due by then; answers the new instant. */
  set(instant: number | string | Date): Promise<number>;
  /** Moves the frozen clock forward by `ms`, running every timer due by then; answers the new instant. */
  advance(ms: number): Promise<number>;
}

export interface KefuEvents {
  /** Every event captured since the start, the last reset or clear(), oldest first, as v2 envelopes. */
  all(): EventEnvelope[];
  /** The first event matching the filter that next() has not answered yet, earlier ones included, or the next to
   *  come; rejects after timeoutMs (default 5000). */
  next(filter?: EventFilter, timeoutMs?: number): Promise<EventEnvelope>;
  clear(): void;
}

export interface RunningKefu {
  /** The base URL: the SDK's `domain`. */
  url: string;
  credentials: KefuCredentials;
  /** The fixture served (validated). */
  fixture: Fixture;
  /** Where the data lives: the SQLite file or the scratch PostgreSQL database's URL (for a look with SQL). */
  databaseUrl: string;
  clock: KefuClock;
  events: KefuEvents;
  /** A guest of the helpdesk in credentials, driving Kefu's guest API with a user token of theirs. */
  guest(openId: string): Guest;
  /** An agent of the helpdesk in credentials, driving Kefu's agent API with a user token of theirs. */
  agent(openId: string): Agent;
  /** Puts the data back to the fixture (tokens issued meanwhile stay valid), the frozen clock back to its start,
   *  and forgets captured events and guests' chats. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const CENTURY_MS = 100 * 365 * 24 * 3600 * 1000;

export async function startKefu(options: StartKefuOptions = {}): Promise<RunningKefu> {
  const fixture = await resolveFixture(options.fixture);
  const startNow = options.now === false ? undefined : options.now === undefined ? Date.now() : toMs(options.now);
  const testClock = startNow === undefined ? undefined : manualClock(startNow);
  const storage = await openStorage(options.database ?? 'sqlite');
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ database: storage.database, testClock, realTimeTimers: testClock === undefined, logger: options.log ? { level: options.log } : false });
    const store = app.kefu.store;
    await loadFixture(store, fixture, app.kefu.clock.now());
    const loadedAt = app.kefu.clock.now();
    const snapshot = storage.file ? await SqliteSnapshot.take(storage.file, join(storage.dir!, 'template.db')) : undefined;
    const url = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    return running(app, storage, fixture, { testClock, snapshot, loadedAt, url });
  } catch (error) {
    await app?.close();
    await storage.dispose();
    throw error;
  }
}

interface Storage {
  database: Database;
  url: string;
  /** SQLite: the database file and its temporary folder. */
  file?: string;
  dir?: string;
  dispose(): Promise<void>;
}

async function openStorage(target: string): Promise<Storage> {
  if (isPostgresUrl(target)) {
    const scratch: ScratchDatabase = await createScratchDatabase(target, 'kefu_test');
    const database = await openDatabase(scratch.url, { poolSize: 5 }).catch(async (e) => {
      await scratch.drop();
      throw e;
    });
    return {
      database,
      url: scratch.url,
      async dispose() {
        await database.close();
        await scratch.drop();
      },
    };
  }
  if (target !== 'sqlite') throw new Error(`startKefu: database must be 'sqlite' or a postgres:// URL, not ${JSON.stringify(target)}`);
  const dir = mkdtempSync(join(tmpdir(), 'kefu-'));
  const file = join(dir, 'kefu.db');
  const database = await openDatabase(file);
  return {
    database,
    url: file,
    file,
    dir,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function running(
  app: FastifyInstance,
  storage: Storage,
  fixture: Fixture,
  s: { testClock?: ManualClock; snapshot?: SqliteSnapshot; loadedAt: number; url: string },
): RunningKefu {
  const { kefu } = app;
  const credentials = credentialsOf(fixture, s.loadedAt);
  const api = new KefuApiClient(s.url);
  const events = new CapturedEvents(addressesOf(fixture));
  kefu.store.onEventsCommitted = events.add;

  const minted = new Map<string, Promise<string>>();
  const context: TriggerContext = {
    api,
    helpdesk: { helpDeskId: credentials.helpDeskId, helpDeskToken: credentials.helpDeskToken },
    tokenFor(openId) {
      const known = credentials.userTokens[openId];
      if (known) return Promise.resolve(known);
      let token = minted.get(openId);
      if (!token) {
        token = kefu.auth.registerUserToken({ app_id: credentials.appId, open_id: openId, expires_at: kefu.clock.now() + CENTURY_MS }).then((t) => t.token);
        token.catch(() => minted.delete(openId));
        minted.set(openId, token);
      }
      return token;
    },
  };
  const guests = new Map<string, Guest>();

  const frozen = () => {
    if (!s.testClock) throw new Error('the clock runs in real time here (startKefu was given now: false)');
  };
  return {
    url: s.url,
    credentials,
    fixture,
    databaseUrl: storage.url,
    clock: {
      now: () => kefu.clock.now(),
      async set(instant) {
        frozen();
        return api.moveClock({ now: toMs(instant) });
      },
      async advance(ms) {
        frozen();
        return api.moveClock({ advance_ms: ms });
      },
    },
    events: { all: () => events.all(), next: (filter, timeoutMs) => events.next(filter, timeoutMs), clear: () => events.clear() },
    guest(openId) {
      let guest = guests.get(openId);
      if (!guest) guests.set(openId, (guest = new Guest(context, openId)));
      return guest;
    },
    agent: (openId) => new Agent(context, openId),
    async reset() {
      const db = storage.database.db;
      const kept = await new ResetRepository(db).keptCredentials();
      if (s.snapshot) {
        await s.snapshot.restore();
      } else {
        await new ResetRepository(db).truncate(await new BulkCopyRepository(db).postgresTables());
        await loadFixture(kefu.store, fixture, s.loadedAt);
      }
      await db.transaction().execute((trx) => new ResetRepository(trx).restoreCredentials(kept));
      if (s.testClock) {
        s.testClock.set(s.loadedAt);
        await kefu.timers.rewind(s.loadedAt);
      }
      events.clear();
      guests.clear();
    },
    async close() {
      await app.close();
      s.snapshot?.close();
      await storage.dispose();
    },
  };
}

async function resolveFixture(fixture: StartKefuOptions['fixture']): Promise<Fixture> {
  if (fixture === undefined) return defaultWorld();
  if (fixture instanceof WorldBuilder) return fixture.build();
  if (typeof fixture === 'string') return readFixtureFile(fixture);
  return validateFixture(fixture);
}

/** The first tenant's first app and first helpdesk. */
function credentialsOf(fixture: Fixture, now: number): KefuCredentials {
  const tenant = fixture.tenants[0];
  const app = tenant?.apps?.[0];
  const helpdesk = tenant?.helpdesks?.[0];
  const userTokens: Record<string, string> = {};
  for (const user of tenant?.users ?? []) {
    const token = user.access_tokens?.find((t) => t.app_id === app?.app_id && (t.expires_at === undefined || t.expires_at > now));
    if (token) userTokens[user.open_id] = token.token;
  }
  return {
    appId: app?.app_id ?? '',
    appSecret: app?.app_secret ?? '',
    helpDeskId: helpdesk?.helpdesk_id ?? '',
    helpDeskToken: helpdesk?.helpdesk_token ?? '',
    userTokens,
  };
}

/** Each tenant's events are addressed to its first app, with that app's verification token ('' without one). */
function addressesOf(fixture: Fixture): AddressOf {
  const byTenant = new Map(
    fixture.tenants.map((t) => [t.tenant_key, { app_id: t.apps?.[0]?.app_id ?? '', verification_token: t.apps?.[0]?.event_subscription?.verification_token ?? '' }]),
  );
  return (tenant_key) => byTenant.get(tenant_key) ?? { app_id: '', verification_token: '' };
}

function toMs(instant: number | string | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${JSON.stringify(instant)}`);
  return ms;
}
