// One webhook push over node:http(s) with kept-alive connections, for the dispatcher's hot path. fetch() did the
// same and cost about three times the CPU per request (about 0.39 ms against 0.12 in one sitting: its WHATWG
// streams, headers and abort signals), the largest part of delivering an event at a thousand a second
// (docs/benchmarks.md, "Event delivery"). The receiver sees the request fetch sent, header for header and in the
// same order, and the delivery log the same outcomes. The url_verification challenge, which reads the answer, still
// goes through fetch (webhook-channel.ts).
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** As undici (fetch) does: an idle connection is closed after 4 s, before a server's usual 5 s idle limit. */
const IDLE_MS = 4_000;
const agents = { http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS }), https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }) };

/** The headers fetch adds to a request's own, in its order (what a receiver has always seen from Kefu). */
const FETCH_HEADERS = ['accept', '*/*', 'accept-language', '*', 'sec-fetch-mode', 'cors', 'user-agent', 'node', 'accept-encoding', 'gzip, deflate'];

export type PushAnswer = { status: number } | { timedOut: true } | { failed: NodeJS.ErrnoException };

/** POSTs `body` to an http(s) URL; answers the HTTP status once the whole answer has arrived (read and dropped), within `timeoutMs`. */
export function push(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PushAnswer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const raw = ['host', target.host, 'connection', 'keep-alive'];
    for (const [name, value] of Object.entries(headers)) raw.push(name, value);
    raw.push(...FETCH_HEADERS, 'content-length', String(Buffer.byteLength(body)));
    const options = { method: 'POST', agent: https ? agents.https : agents.http, headers: raw as unknown as Record<string, string> };
    let settled = false;
    const settle = (answer: PushAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const answered = (res: IncomingMessage) => {
      res.on('data', () => undefined);
      res.on('end', () => settle({ status: res.statusCode ?? 0 }));
      res.on('error', (e) => settle({ failed: e }));
    };
    let req: ClientRequest;
    try {
      req = https ? httpsRequest(target, options, answered) : httpRequest(target, options, answered);
    } catch (e) {
      return resolve({ failed: e as NodeJS.ErrnoException });
    }
    const timer = setTimeout(() => {
      settle({ timedOut: true });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => settle({ failed: e }));
    req.end(body);
  });
}
