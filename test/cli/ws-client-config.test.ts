// kefu serve --ws-client-config: the ClientConfig the long connection's clients are sent, any subset of its four
// integers; anything else is refused naming the flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveConfig } from '../../src/cli/serve.js';

test('--ws-client-config takes any of the four integers by their wire names; KEFU_WS_CLIENT_CONFIG the same', () => {
  assert.equal(serveConfig([]).wsClientConfig, undefined);
  assert.deepEqual(serveConfig(['--ws-client-config', 'PingInterval=5, ReconnectInterval=1,ReconnectNonce=0']).wsClientConfig, { PingInterval: 5, ReconnectInterval: 1, ReconnectNonce: 0 });
  assert.deepEqual(serveConfig(['--ws-client-config', 'ReconnectCount=-1']).wsClientConfig, { ReconnectCount: -1 });
  process.env.KEFU_WS_CLIENT_CONFIG = 'PingInterval=30';
  try {
    assert.deepEqual(serveConfig([]).wsClientConfig, { PingInterval: 30 });
  } finally {
    delete process.env.KEFU_WS_CLIENT_CONFIG;
  }
});

test('an unknown key or a value that is not an integer in range is refused, naming it', () => {
  assert.throws(() => serveConfig(['--ws-client-config', 'Ping=5']), /--ws-client-config: "Ping" is not one of PingInterval, ReconnectInterval, ReconnectNonce, ReconnectCount/);
  assert.throws(() => serveConfig(['--ws-client-config', 'PingInterval=0']), /--ws-client-config PingInterval/);
  assert.throws(() => serveConfig(['--ws-client-config', 'ReconnectNonce=soon']), /--ws-client-config ReconnectNonce/);
});
