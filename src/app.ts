// Builds the Kefu HTTP application: platform conventions first, then the Feishu API route tree.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from './db/connect.js';
import { systemClock, type Clock, type ManualClock } from './platform/clock.js';
import { answerClientError, answerFrameworkError } from './platform/client-errors.js';
import { feishuPlatform } from './platform/feishu-platform.js';
import { newLogId } from './platform/log-id.js';
import { parseQueryString } from './platform/query-string.js';
import { rateLimit, type RateLimitOptions } from './platform/rate-limit.js';
import { lazyChildLogger } from './platform/request-logger.js';
import { RedisLink } from './platform/redis-link.js';
import { TokenAttempts, type TokenAttemptOptions } from './platform/token-attempts.js';
import { validatorCompiler } from './platform/validation.js';
import { errors } from './platform/errors.js';
import { requestMetrics } from './platform/request-metrics.js';
import { registerBrowserPages, registerRoutes } from './routes/index.js';
import { openApiOptions } from './openapi/document.js';
import { registerReference } from './openapi/reference.js';
import { consolePlugin } from './console/plugin.js';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import { AuthService } from './services/auth-service.js';
import { LifecycleService } from './services/lifecycle-service.js';
import { KefuMetrics } from './services/metrics.js';
import { MessagesService } from './services/messages-service.js';
import { NotificationsService } from './services/notifications-service.js';
import { RoutingService } from './services/routing-service.js';
import { Store } from './services/store.js';
import { TimerWheel } from './services/timer-wheel.js';
import { EventDispatcher, type DispatcherOptions } from './events/dispatcher.js';
import { webhookChannel } from './events/webhook-channel.js';
import { LongConnectionHub } from './events/long-connection-hub.js';
import { DEFAULT_LONG_CONNECTION, LongConnectionService, type LongConnectionSettings } from './services/long-connection-service.js';
import { EventOperationsService } from './services/event-operations-service.js';
import { EventSubscriptionsService } from './services/event-subscriptions-service.js';
import { SignInService } from './services/sign-in-service.js';
import { OidcService } from './services/oidc-service.js';
import { DEFAULT_SIGN_IN_FAILURE_LIMITS } from './platform/token-attempts.js';

export interface AppOptions {
  database: Database;
  clock?: Clock;
  /** pino options, or false for silence (tests). */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** Feishu's rate limits; absent or false: none (the CLI turns them on unless --rate-limit off). */
  rateLimit?: RateLimitOptions | false;
  /** redis://... : rate-limit counters shared by every process. */
  redisUrl?: string;
  /** Limits of failed token requests per app and per address; absent or false: none (the CLI sets them). */
  tokenFailureLimits?: TokenAttemptOptions | false;
  /**
   * A frozen clock that only POST /kefu/v1/clock moves (kefu serve --now, tests): the route exists only then, and
   * moving the clock runs the timers due by the new instant. It is also the app's clock.
   */
  testClock?: ManualClock;
  /** Drive the timers (schedule boundaries, bot idle close) with real time; kefu serve does unless --now. */
  realTimeTimers?: boolean;
  /**
   * Prometheus metrics: 'route' (the default) counts and serves them at GET /metrics; 'collect' counts them for a
   * listener of their own (serve --metrics HOST:PORT reads app.kefu.metrics); false: neither.
   */
  metrics?: 'route' | 'collect' | false;
  /** Event delivery: the retry schedule (Feishu's by default) and how often an active dispatcher looks for work. */
  events?: DispatcherOptions;
  /** Failed password sign-ins allowed per person and per address (docs/sign-in.md); absent: the defaults, false: none. */
  signInFailureLimits?: TokenAttemptOptions | false;
  /** How often a console page's live region looks for changes (ms; 1000 by default). */
  consolePollMs?: number;
  /** The long connection (WSClient): the ClientConfig it is sent, the per-app limit, frame size, ack time. */
  longConnection?: Partial<LongConnectionSettings>;
}

export interface Kefu {
  store: Store;
  auth: AuthService;
  clock: Clock;
  /** Who takes a ticket that reaches the human stage: decisions, their record and the queue. */
  routing: RoutingService;
  /** The ticket lifecycle; its afterTicketClosed hook is where routing re-runs its queue. */
  lifecycle: LifecycleService;
  messages: MessagesService;
  /** The push centre: notifications, their review and their sending. */
  notifications: NotificationsService;
  /** Work due with time: schedule boundaries, bot idle close, scheduled notifications. */
  timers: TimerWheel;
  redis?: RedisLink;
  /** Counts failed token requests; the auth/v3 routes go through it. */
  tokenAttempts: TokenAttempts;
  /** Whether Feishu's rate limits are enforced (/healthz reports it). */
  rateLimits: boolean;
  /** Absent when metrics are off. */
  metrics?: KefuMetrics;
  /** Sign-in links, passwords and browser sessions (the sign-in pages, the console, OIDC's authorize page). */
  signIn: SignInService;
  /** Event subscriptions and delivery: `dispatcher.runDue()` delivers what is due now (the test clock calls it). */
  events: { subscriptions: EventSubscriptionsService; dispatcher: EventDispatcher; operations: EventOperationsService; longConnections: LongConnectionService; hub: LongConnectionHub };
  /** Feishu's OIDC flow: authorization codes, and user tokens for them. */
  oidc: OidcService;
}

declare module 'fastify' {
  interface FastifyInstance {
    kefu: Kefu;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The services a ticket's life runs through, wired once per app: routing decides for the lifecycle, the lifecycle
 * applies routing's queue placements and idle closes, and every close re-runs the queue in its own transaction.
 */
export function lifecycleServices(store: Store, clock: Clock, testClock?: ManualClock): Pick<Kefu, 'routing' | 'lifecycle' | 'messages' | 'notifications' | 'timers'> {
  const routing = new RoutingService(store, clock);
  const lifecycle = new LifecycleService(store, clock, routing);
  routing.lifecycle = lifecycle;
  lifecycle.writer.beforeTicketClosed = (repos, helpdesk_id) => repos.routing.takeTurn(helpdesk_id);
  lifecycle.afterTicketClosed = async (repos, helpdesk_id, now) => {
    await routing.drainQueue(repos, helpdesk_id, now);
  };
  const timers = new TimerWheel(store, routing, clock, testClock && ((ms) => testClock.set(ms)));
  const notifications = new NotificationsService(store, clock, lifecycle.writer);
  timers.add({ kind: 'notification', due: (until) => notifications.due(until).then((due) => due.map((n) => ({ ...n, at: n.send_at }))), perform: (n, at) => notifications.sendDue(n, at) });
  return { routing, lifecycle, messages: new MessagesService(store, clock, lifecycle.writer), notifications, timers };
}

/**
 * Event subscriptions and the dispatcher, which every commit that queued deliveries pokes, with its two channels:
 * webhook, and the long connection (whose hub wakes the dispatcher when a connection opens or another process
 * committed an event for an app it holds).
 */
export function eventServices(
  store: Store,
  clock: Clock,
  options?: DispatcherOptions,
  auth = new AuthService(store, clock),
  longConnection: Partial<LongConnectionSettings> = {},
): Kefu['events'] {
  const longConnections = new LongConnectionService(store, auth, { ...DEFAULT_LONG_CONNECTION, ...longConnection });
  let dispatcher: EventDispatcher | undefined;
  const hub = new LongConnectionHub(longConnections, store.database, {
    wake: () => dispatcher?.poke(),
    warn: (error) => options?.onError?.(error),
  });
  dispatcher = new EventDispatcher(store, clock, [webhookChannel(clock), hub], options);
  store.onDeliveriesQueued = () => dispatcher?.poke();
  const operations = new EventOperationsService(store, clock);
  return { subscriptions: new EventSubscriptionsService(store, clock, operations), dispatcher, operations, longConnections, hub };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const testClock = options.testClock;
  const clock = testClock ?? options.clock ?? systemClock;
  const store = new Store(options.database);
  const auth = new AuthService(store, clock);
  const services = lifecycleServices(store, clock, testClock);

  const app = Fastify({
    logger: loggerOptions(options.logger),
    genReqId: newLogId,
    logController: new LogController({ requestIdLogLabel: 'log_id' }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A slow client cannot hold a connection forever: 60 s idle, 30 s for a whole request, 10 s for its headers
    // (they are small; a client still sending them is stalling), checked every second (Node's default is 30 s).
    connectionTimeout: 60_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 200, ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  const redis = options.redisUrl ? new RedisLink(options.redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', () => redis.close());
  const tokenAttempts = new TokenAttempts(options.tokenFailureLimits ?? false, redis);
  const metricsMode = options.metrics ?? 'route';
  const metrics = metricsMode ? new KefuMetrics(store) : undefined;
  // Counted in Kefu's clock, like the sessions and links it guards: a test clock (--now) holds the minute still.
  const signInAttempts = new TokenAttempts(
    options.signInFailureLimits === false
      ? false
      : { limits: DEFAULT_SIGN_IN_FAILURE_LIMITS, now: () => clock.now(), ...options.signInFailureLimits, failure: errors.signInFailed, counterName: 'sign-in-failures' },
    redis,
  );
  const signIn = new SignInService(store, clock, signInAttempts);
  const onError = (err: unknown) => app.log.error({ err }, 'event delivery: the database refused a claim or a record');
  const events = eventServices(store, clock, { onError, ...options.events }, auth, options.longConnection);
  events.hub.attach(app.server);
  app.addHook('onReady', () => events.dispatcher.resume());
  // Before the server closes: its WebSocket connections would otherwise hold it open.
  app.addHook('preClose', () => events.hub.close());
  app.addHook('onClose', () => events.dispatcher.close());
  app.decorate('kefu', { store, auth, clock, ...services, redis, tokenAttempts, rateLimits: Boolean(options.rateLimit), metrics, events, signIn, oidc: new OidcService(store, clock) });
  await app.register(feishuPlatform, { auth });
  // Only parseCookie and serializeCookie: no hook, so API requests never parse cookies (platform/browser-session.ts).
  await app.register(cookie, { hook: false });
  if (metrics) await app.register(requestMetrics, { observer: metrics });
  if (options.rateLimit) await app.register(rateLimit, { ...options.rateLimit, redis });
  // Collects each route's schemas as it registers (no request hook); the document is built when first asked for.
  await app.register(swagger, openApiOptions);
  await registerRoutes(app, { testClock: testClock !== undefined, metrics: metricsMode === 'route' });
  await registerReference(app);
  await registerBrowserPages(app);
  await app.register(consolePlugin, { livePollMs: options.consolePollMs });
  if (options.realTimeTimers && !testClock) {
    let stop = () => {};
    app.addHook('onReady', async () => {
      stop = services.timers.startRealTime((error) => app.log.error({ err: error }, 'timer work failed; it is tried again on the next tick'));
    });
    app.addHook('onClose', async () => stop());
  }
  return app;
}

function loggerOptions(logger: AppOptions['logger']) {
  if (logger === false || logger === undefined) return false;
  const base = {
    level: logger === true ? 'info' : (logger.level ?? 'info'),
    // Credentials travel in these headers; they never reach a log line. The multipart parser of the image upload
    // logs the headers it hands to busboy at trace level.
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-lark-helpdesk-authorization"]', 'busboyOptions.headers.authorization', 'busboyOptions.headers["x-lark-helpdesk-authorization"]'],
      censor: '[redacted]',
    },
  };
  return logger !== true && logger.stream ? { ...base, stream: logger.stream } : base;
}
