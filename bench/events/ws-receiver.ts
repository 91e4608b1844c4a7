// The benchmark's long-connection app, in a process of its own: the unmodified SDK's WSClient connected to Kefu,
// reporting to its parent (IPC) 'ready' once connected, then every 10 ms which events its handler got and when
// (wallNow: the same machine's clock as the writers').
//   node bin/run-ts.js bench/events/ws-receiver.ts BASE_URL APP_ID APP_SECRET EVENT_TYPE
import * as lark from '@larksuiteoapi/node-sdk';
import { wallNow } from './threads.js';

const [domain, appId, appSecret, eventType] = process.argv.slice(2);
let receipts: [number, number][] = [];
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined };
const dispatcher = new lark.EventDispatcher({ logger: quiet }).register({
  [eventType]: async (data: { bench_n: number }) => void receipts.push([data.bench_n, wallNow()]),
} as any);
const ws = new lark.WSClient({ appId, appSecret, domain, logger: quiet, onReady: () => process.send!('ready') } as any);
void ws.start({ eventDispatcher: dispatcher });
setInterval(() => {
  if (receipts.length === 0) return;
  process.send!({ receipts });
  receipts = [];
}, 10);
process.on('disconnect', () => {
  ws.close({ force: true });
  process.exit(0);
});
