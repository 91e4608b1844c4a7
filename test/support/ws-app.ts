// An app receiving Kefu's events over the long connection through the official SDK, unmodified: lark.WSClient
// configured with only domain, appId and appSecret, and a lark.EventDispatcher whose handlers record what they
// were given (or throw, for the next n events).
import * as lark from '@larksuiteoapi/node-sdk';
import { HANDLED_TYPES } from './event-receiver.js';

export interface WsApp {
  client: lark.WSClient;
  /** What the SDK handed the handlers, with the event type, in arrival order (thrown ones included). */
  handled: { type: string; data: any }[];
  /** Every line the SDK logged, joined. */
  log: () => string;
  /** The errors the SDK gave onError (it gave up). */
  errors: Error[];
  /** Resolves when the first connection is open. */
  ready: Promise<void>;
  reconnects: () => number;
  /** Make the handler throw for the next n events. */
  failNext(n: number): void;
  close(): void;
}

export function startWsApp(baseUrl: string, credentials: { appId: string; appSecret: string }): WsApp {
  const lines: string[] = [];
  const record = (level: string) => (...args: unknown[]) => void lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), trace: record('trace') };
  const handled: WsApp['handled'] = [];
  const errors: Error[] = [];
  let failures = 0;
  let reconnects = 0;
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const handles = Object.fromEntries(HANDLED_TYPES.map((type) => [type, async (data: unknown) => {
    handled.push({ type, data });
    if (failures > 0) {
      failures -= 1;
      throw new Error('the handler failed');
    }
  }]));
  const dispatcher = new lark.EventDispatcher({ logger, loggerLevel: lark.LoggerLevel.debug }).register(handles as any);
  const client = new lark.WSClient({
    ...credentials,
    domain: baseUrl,
    logger,
    loggerLevel: lark.LoggerLevel.debug,
    onReady: () => onReady(),
    onReconnected: () => void (reconnects += 1),
    onError: (error: Error) => void errors.push(error),
  } as any);
  void client.start({ eventDispatcher: dispatcher });
  return {
    client, handled, errors, ready, log: () => lines.join('\n'),
    reconnects: () => reconnects,
    failNext: (n) => void (failures = n),
    close: () => client.close({ force: true }),
  };
}
