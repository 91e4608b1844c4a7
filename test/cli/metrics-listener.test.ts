// serve --metrics: on, off, or HOST:PORT (a listener of its own, and no /metrics on the API's port).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { listenForMetrics, parseMetricsSetting } from '../../src/cli/metrics-listener.js';
import { UsageError } from '../../src/cli/options.js';
import { freshDatabase } from '../support/databases.js';
import { freePort } from '../support/redis.js';

test('--metrics reads on, off and HOST:PORT (IPv6 in brackets), and refuses anything else', () => {
  assert.deepEqual(parseMetricsSetting('on'), { mode: 'on' });
  assert.deepEqual(parseMetricsSetting('off'), { mode: 'off' });
  assert.deepEqual(parseMetricsSetting('127.0.0.1:9464'), { mode: 'listen', host: '127.0.0.1', port: 9464 });
  assert.deepEqual(parseMetricsSetting('[::1]:9464'), { mode: 'listen', host: '::1', port: 9464 });
  for (const bad of ['yes', '9464', '127.0.0.1:', '127.0.0.1:0', 'host:70000']) assert.throws(() => parseMetricsSetting(bad), UsageError, bad);
});

test('HOST:PORT: the metrics answer on their own listener, counting the API\'s requests; the API port has no /metrics', async () => {
  const db = await freshDatabase('sqlite');
  const app = await buildApp({ database: db.database, metrics: 'collect' });
  const api = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = await freePort();
  const listener = await listenForMetrics(app.kefu.metrics!, '127.0.0.1', port);
  try {
    assert.equal((await fetch(`${api}/metrics`)).status, 404);
    assert.equal((await fetch(`${api}/healthz`)).status, 200);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /^kefu_http_requests_total\{method="GET",route="\/healthz",status="200",code="0"\} 1$/m);
    assert.match(text, /^kefu_http_requests_total\{method="GET",route="unmatched",status="404",code="\d+"\} 1$/m);
    assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
  } finally {
    listener.close();
    await app.close();
    await db.dispose();
  }
});
