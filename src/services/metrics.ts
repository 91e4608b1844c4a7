// Kefu's Prometheus metrics. Requests are counted in memory as they are answered (platform/request-metrics.ts);
// everything that needs the database or another part's state (the read cache, the pool, the outbox, the queues)
// is read only when /metrics is scraped, so a request pays for one map lookup and a few additions (request-series.ts).
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { errors } from '../platform/errors.js';
import type { RequestObserver } from '../platform/request-metrics.js';
import { MetricsRepository } from '../repositories/metrics-repository.js';
import { RequestSeries } from './request-series.js';
import type { Store } from './store.js';

export class KefuMetrics implements RequestObserver {
  readonly registry = new Registry();
  private readonly requests = new RequestSeries(errors.rateLimited.code);

  constructor(store: Store) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests.register(
      this.registry,
      { requests: 'kefu_http_requests_total', latency: 'kefu_http_request_duration_seconds', rateLimited: 'kefu_rate_limited_requests_total' },
      {
        requests: 'Requests answered, by method, route pattern, HTTP status and Feishu code (0: success)',
        latency: 'Time from a request arriving to its answer being sent, by method and route pattern',
        rateLimited: `Requests refused by a rate limit (429/${errors.rateLimited.code}): Feishu's API limits and failed token requests`,
      },
    );
    const cache = store.cache;
    new Counter({
      name: 'kefu_read_cache_hits_total',
      help: 'Answers served from the read cache',
      registers,
      collect() {
        this.reset();
        this.inc(cache.hits);
      },
    });
    new Counter({
      name: 'kefu_read_cache_misses_total',
      help: 'Answers the read cache had to load from the database',
      registers,
      collect() {
        this.reset();
        this.inc(cache.misses);
      },
    });
    new Gauge({
      name: 'kefu_read_cache_bytes',
      help: 'Memory the read cache holds, keys and bookkeeping counted',
      registers,
      collect() {
        this.set(cache.size.bytes);
      },
    });
    const poolUse = store.database.poolUse;
    if (poolUse) {
      new Gauge({
        name: 'kefu_db_pool_connections',
        help: 'PostgreSQL pool connections by state: idle, in use, waiting requests, and the pool size',
        labelNames: ['state'],
        registers,
        collect() {
          const use = poolUse();
          this.set({ state: 'idle' }, use.idle);
          this.set({ state: 'in_use' }, use.total - use.idle);
          this.set({ state: 'waiting' }, use.waiting);
          this.set({ state: 'max' }, use.max);
        },
      });
    }
    const repository = new MetricsRepository(store.database.db);
    new Gauge({
      name: 'kefu_event_outbox_depth',
      help: 'Events in the outbox waiting for delivery (nothing delivers them yet: every event written)',
      registers,
      async collect() {
        this.set(await repository.outboxDepth());
      },
    });
    new Gauge({
      name: 'kefu_queued_tickets',
      help: 'Tickets waiting in the queue for an agent (status 3), by helpdesk',
      labelNames: ['helpdesk_id'],
      registers,
      async collect() {
        const rows = await repository.queuedByHelpdesk();
        this.reset();
        for (const row of rows) this.set({ helpdesk_id: row.helpdesk_id }, row.queued);
      },
    });
  }

  observe(method: string, route: string, status: number, code: number, seconds: number): void {
    this.requests.record(method, route, status, code, seconds);
  }

  /** The text exposition format, every collector read now. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
