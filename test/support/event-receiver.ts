// An app receiving Kefu's webhook pushes through the official SDK: lark.EventDispatcher behind lark.adaptDefault
// in a real node:http server. It keeps every push's decrypted envelope (header.event_id included, which the SDK
// hides from a message event's handler) and what the SDK's handlers were given; it can answer 500 to the next pushes.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';

export const HANDLED_TYPES = ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'] as const;

export interface Receiver {
  url: string;
  /** Decrypted envelopes of the pushes (not challenges), in arrival order, failed ones included. */
  pushes: any[];
  /** What the SDK handed its handlers, with the event type. */
  handled: { type: string; data: any }[];
  challenges: number;
  /** Answer HTTP 500 to the next n pushes (Infinity: until told otherwise). */
  failNext(n: number): void;
  /** Leave the next n pushes unanswered (the connection stays open until the sender gives up or dies). */
  holdNext(n: number): void;
  close(): Promise<void>;
}

/** `types`: the event types the SDK's dispatcher has handlers for (the ticket events unless named); `port`: 0 for any free one. */
export async function startReceiver(keys: { encryptKey?: string; verificationToken: string }, types: readonly string[] = HANDLED_TYPES, port = 0): Promise<Receiver> {
  const handled: Receiver['handled'] = [];
  const dispatcher = new lark.EventDispatcher({ ...keys, loggerLevel: lark.LoggerLevel.fatal });
  const handles = Object.fromEntries(types.map((type) => [type, async (data: unknown) => void handled.push({ type, data })]));
  dispatcher.register(handles as any);
  const sdk = lark.adaptDefault('/events', dispatcher, { autoChallenge: true });
  const receiver: Receiver = { url: '', pushes: [], handled, challenges: 0, failNext: (n) => void (failures = n), holdNext: (n) => void (holds = n), close: () => closeServer(server) };
  let failures = 0;
  let holds = 0;

  const server: Server = createServer(async (req, res) => {
    const raw = await readAll(req);
    const parsed = JSON.parse(raw);
    const plain = parsed.encrypt ? JSON.parse(new lark.AESCipher(keys.encryptKey!).decrypt(parsed.encrypt)) : parsed;
    if (plain.type === 'url_verification') receiver.challenges += 1;
    else {
      receiver.pushes.push(plain);
      if (holds > 0) {
        holds -= 1;
        return;
      }
      if (failures > 0) {
        failures -= 1;
        res.statusCode = 500;
        res.end();
        return;
      }
    }
    // The SDK reads the request itself: hand it the same bytes.
    await sdk(Object.assign(Readable.from([Buffer.from(raw)]), { url: req.url, headers: req.headers }) as any, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return receiver;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Waits until `check` holds (events arrive after the call that caused them answered); a process starting may take longer. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (let i = 0; i < timeoutMs / 20; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}
