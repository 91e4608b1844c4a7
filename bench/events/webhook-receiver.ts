// The benchmark's webhook receiver, on a thread of its own (an app runs on its own machine; here it at least has its
// own thread): answers 200 at once and reports, every 10 ms, which events' requests arrived and when (wallNow).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { wallNow } from './threads.js';

/** What the receiver reports: its URL once, then receipts as [event number, wallNow()] pairs. */
export type ReceiverMessage = { url: string } | { receipts: [number, number][] };

let receipts: [number, number][] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = wallNow();
    receipts.push([(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: { bench_n: number } }).event.bench_n, at]);
    res.end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
parentPort!.postMessage({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events` } satisfies ReceiverMessage);
setInterval(() => {
  if (receipts.length === 0) return;
  parentPort!.postMessage({ receipts } satisfies ReceiverMessage);
  receipts = [];
}, 10);
