// Request counts and latencies kept as plain numbers. prom-client's own Counter and Histogram hash their labels on
// every increment (about 3 µs a request, measured); here a request costs one map lookup and a few additions, and the
// families are written out only when /metrics is scraped, through the registry's get() interface.
import type { MetricValue, MetricValueWithName, Registry } from 'prom-client';

type Value = MetricValue<string> | MetricValueWithName<string>;

/** Seconds; from a cached answer (well under a millisecond) to the request timeout's neighbourhood. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Latency {
  method: string;
  route: string;
  /** Observations per bucket, not yet cumulative; the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
  rateLimited: number;
}

interface Series {
  labels: { method: string; route: string; status: string; code: string };
  count: number;
  latency: Latency;
}

export class RequestSeries {
  /** By method, route, status and code. */
  private readonly series = new Map<string, Series>();
  /** By method and route. */
  private readonly latencies = new Map<string, Latency>();

  constructor(private readonly rateLimitedCode: number) {}

  record(method: string, route: string, status: number, code: number, seconds: number): void {
    const key = `${method} ${route} ${status} ${code}`;
    const series = this.series.get(key) ?? this.newSeries(key, method, route, status, code);
    series.count++;
    const latency = series.latency;
    latency.count++;
    latency.sum += seconds;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]!) bucket++;
    latency.buckets[bucket]!++;
    if (code === this.rateLimitedCode) latency.rateLimited++;
  }

  /** Adds the three families to the registry: requests, latency, rate-limited requests. */
  register(registry: Registry, names: { requests: string; latency: string; rateLimited: string }, help: { requests: string; latency: string; rateLimited: string }): void {
    // What the registry reads of a metric: its name, help and type, and get() for the values at scrape time.
    const add = (name: string, helpText: string, type: 'counter' | 'histogram', values: () => Value[]) => {
      const family = { name, help: helpText, type, get: async () => ({ name, help: helpText, type, aggregator: 'sum', values: values() }) };
      registry.registerMetric(family as never);
    };
    add(names.requests, help.requests, 'counter', () => [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count })));
    add(names.latency, help.latency, 'histogram', () => [...this.latencies.values()].flatMap((l) => histogramValues(names.latency, l)));
    add(names.rateLimited, help.rateLimited, 'counter', () =>
      [...this.latencies.values()].filter((l) => l.rateLimited > 0).map((l) => ({ labels: { method: l.method, route: l.route }, value: l.rateLimited })),
    );
  }

  private newSeries(key: string, method: string, route: string, status: number, code: number): Series {
    const latencyKey = `${method} ${route}`;
    let latency = this.latencies.get(latencyKey);
    if (latency === undefined) {
      latency = { method, route, buckets: new Float64Array(LATENCY_BUCKETS.length + 1), sum: 0, count: 0, rateLimited: 0 };
      this.latencies.set(latencyKey, latency);
    }
    const series = { labels: { method, route, status: String(status), code: String(code) }, count: 0, latency };
    this.series.set(key, series);
    return series;
  }
}

/** The _bucket (cumulative, le), _sum and _count lines of one histogram series. */
function histogramValues(name: string, l: Latency): MetricValueWithName<string>[] {
  const labels = { method: l.method, route: l.route };
  let cumulative = 0;
  const buckets = [...LATENCY_BUCKETS, '+Inf' as const].map((le, i) => {
    cumulative += l.buckets[i]!;
    return { metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative };
  });
  return [...buckets, { metricName: `${name}_sum`, labels, value: l.sum }, { metricName: `${name}_count`, labels, value: l.count }];
}
