// serve --metrics HOST:PORT: the metrics on a listener of their own (a private interface, a port the firewall keeps
// in), so the API's port serves no /metrics at all.
import { createServer, type Server } from 'node:http';
import type { KefuMetrics } from '../services/metrics.js';
import { UsageError } from './options.js';

export type MetricsSetting = { mode: 'on' } | { mode: 'off' } | { mode: 'listen'; host: string; port: number };

/** on, off, or HOST:PORT ([::1]:9464 for an IPv6 address). */
export function parseMetricsSetting(text: string): MetricsSetting {
  if (text === 'on' || text === 'off') return { mode: text };
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`--metrics must be on, off or HOST:PORT (got ${JSON.stringify(text)})`);
  return { mode: 'listen', host: match[1] ?? match[2]!, port };
}

/** Serves GET /metrics (and nothing else) on host:port; resolves once listening. */
export async function listenForMetrics(metrics: KefuMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics here\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be read\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
