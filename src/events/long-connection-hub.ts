// The long connection's server side: WebSocket connections of apps' WSClients on Kefu's own port, and the delivery
// channel that pushes an event to one of them and waits for its ack. Each process holds its own connections; the
// long_connections table (heartbeats) tells every process which apps have one somewhere, and on PostgreSQL a
// NOTIFY at commit wakes the processes holding an app's connections (docs/events.md "Long connection").
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Database } from '../db/connect.js';
import type { EventSubscription } from '../repositories/event-subscriptions-repository.js';
import { DELIVERIES_CHANNEL_PREFIX } from '../repositories/long-connections-repository.js';
import { HEARTBEAT_MS, WS_PATH, WS_SERVICE_ID, type LongConnectionService } from '../services/long-connection-service.js';
import type { EventEnvelope } from './envelope.js';
import { randomHex, randomUint48 } from './ids.js';
import type { AttemptResult, DeliveryChannel } from './webhook-channel.js';
import { decodeFrame, encodeFrame, eventFrames, pongFrame, readInbound, splitPayload, type Frame } from './ws-frame.js';

interface Connection {
  id: string;
  app_id: string;
  socket: WebSocket;
  nextSeqId: number;
  /** Wall-clock ms of the last frame the client sent. */
  lastSeen: number;
  /** Its writes are held until this turn of the event loop ends. */
  corked: boolean;
}

interface Awaited {
  connection: Connection;
  settle: (result: AttemptResult) => void;
}

export interface HubHooks {
  /** A connection opened or an event for a held app was committed elsewhere: the dispatcher has work. */
  wake: () => void;
  warn: (error: unknown, what: string) => void;
}

/** A client that sent nothing (not even a ping) for this many ping intervals is gone. */
const SILENT_PINGS = 3;

export class LongConnectionHub implements DeliveryChannel {
  readonly mode = 'long_connection';
  private readonly byApp = new Map<string, Connection[]>();
  private readonly awaiting = new Map<string, Awaited>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private heartbeat: NodeJS.Timeout | undefined;
  private unlisten: Promise<(() => Promise<void>) | undefined> | undefined;
  private turn = 0;
  private closing = false;

  constructor(
    private readonly service: LongConnectionService,
    private readonly database: Database,
    private readonly hooks: HubHooks,
  ) {}

  /** Takes the WebSocket upgrades of Kefu's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((error: unknown) => {
        this.hooks.warn(error, 'a WebSocket upgrade');
        socket.destroy();
      });
    });
  }

  held(): string[] {
    return [...this.byApp.keys()];
  }

  /** Cluster mode: the event goes to one of the app's connections in this process, taken in turn. */
  async deliver(subscription: EventSubscription, envelope: EventEnvelope): Promise<AttemptResult> {
    const connections = this.byApp.get(subscription.app_id);
    if (!connections || connections.length === 0) return { delivered: false, outcome: 'no open long connection' };
    const connection = connections[this.turn++ % connections.length]!;
    const { partBytes, ackTimeoutMs } = this.service.settings;
    const message_id = randomHex(16);
    const parts = splitPayload(Buffer.from(JSON.stringify(envelope)), partBytes);
    const frames = eventFrames({ message_id, trace_id: randomHex(16), service: WS_SERVICE_ID, seqId: connection.nextSeqId, logId: randomLogId(), timestamp: Date.now(), parts });
    connection.nextSeqId += frames.length;
    return new Promise<AttemptResult>((resolve) => {
      const timer = setTimeout(() => settle({ delivered: false, outcome: `no ack within ${ackTimeoutMs} ms` }), ackTimeoutMs);
      const settle = (result: AttemptResult) => {
        clearTimeout(timer);
        this.awaiting.delete(message_id);
        resolve(result);
      };
      this.awaiting.set(message_id, { connection, settle });
      for (const frame of frames) this.send(connection, frame);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const all = [...this.byApp.values()].flat();
    for (const c of all) c.socket.terminate();
    this.byApp.clear();
    await this.service.closed(all.map((c) => c.id)).catch((error: unknown) => this.hooks.warn(error, 'removing the closed connections'));
    await (await this.unlisten)?.();
    this.wss.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy()); // a client gone mid-handshake
    const url = new URL(req.url ?? '/', 'http://kefu');
    if (url.pathname !== WS_PATH || this.closing) return refuse(socket, 404, 'Not Found');
    let admitted;
    try {
      admitted = await this.service.admit(url.searchParams);
    } catch (error) {
      this.hooks.warn(error, 'admitting a long connection');
      return refuse(socket, 503, 'Service Unavailable', { 'Handshake-Status': '1000040343', 'Handshake-Msg': 'internal error' });
    }
    if (!admitted.ok) {
      const status = admitted.row.code === 514 ? 401 : 403;
      return refuse(socket, status, status === 401 ? 'Unauthorized' : 'Forbidden', {
        'Handshake-Status': String(admitted.row.code === 514 ? 514 : 403),
        'Handshake-Msg': admitted.msg,
        'Handshake-Autherrcode': String(admitted.row.code),
      });
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, admitted.app_id, admitted.connection_id));
  }

  private opened(socket: WebSocket, app_id: string, id: string): void {
    const connection: Connection = { id, app_id, socket, nextSeqId: 1, lastSeen: Date.now(), corked: false };
    if (this.closing) {
      // Admitted while the server was stopping: not kept, and its row goes with it.
      socket.terminate();
      void this.service.closed([id]).catch((error: unknown) => this.hooks.warn(error, 'removing a closed connection'));
      return;
    }
    this.byApp.set(app_id, [...(this.byApp.get(app_id) ?? []), connection]);
    socket.on('message', (data: Buffer) => this.inbound(connection, data));
    socket.on('close', () => this.closed(connection));
    socket.on('error', () => socket.terminate());
    this.heartbeat ??= setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    this.listen();
    this.hooks.wake();
  }

  private inbound(connection: Connection, data: Buffer): void {
    connection.lastSeen = Date.now();
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch {
      return; // not a frame: nothing to answer (the SDKs do the same with ours)
    }
    const inbound = readInbound(frame);
    if (inbound.kind === 'ping') this.send(connection, pongFrame(frame.service, this.service.settings.clientConfig));
    if (inbound.kind === 'ack') {
      const awaited = this.awaiting.get(inbound.message_id);
      if (!awaited || awaited.connection !== connection) return;
      awaited.settle(inbound.code === 200 ? { delivered: true, outcome: 'ack {"code":200}' } : { delivered: false, outcome: `ack {"code":${inbound.code}} (the handler failed)` });
    }
  }

  private closed(connection: Connection): void {
    const left = (this.byApp.get(connection.app_id) ?? []).filter((c) => c !== connection);
    if (left.length > 0) this.byApp.set(connection.app_id, left);
    else this.byApp.delete(connection.app_id);
    for (const awaited of [...this.awaiting.values()]) {
      if (awaited.connection === connection) awaited.settle({ delivered: false, outcome: 'the connection closed before the ack' });
    }
    if (!this.closing) void this.service.closed([connection.id]).catch((error: unknown) => this.hooks.warn(error, 'removing a closed connection'));
  }

  private send(connection: Connection, frame: Frame): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    this.cork(connection);
    connection.socket.send(encodeFrame(frame));
  }

  /**
   * Holds the connection's writes until this turn of the event loop ends: the dispatcher sends a whole batch's
   * frames in one turn, and they leave in one write instead of a system call each. `_socket` is ws's own handle on
   * the TCP socket (ws corks it around each frame itself; a cork outside holds the frames together).
   */
  private cork(connection: Connection): void {
    const tcp = (connection.socket as unknown as { _socket?: Duplex })._socket;
    if (!tcp || connection.corked) return;
    connection.corked = true;
    tcp.cork();
    process.nextTick(() => {
      connection.corked = false;
      tcp.uncork();
    });
  }

  /** Keeps this process's rows alive, and drops connections whose client went silent. */
  private async beat(): Promise<void> {
    const silentAfter = Date.now() - SILENT_PINGS * this.service.settings.clientConfig.PingInterval * 1000;
    const all = [...this.byApp.values()].flat();
    for (const c of all) if (c.lastSeen < silentAfter) c.socket.terminate();
    await this.service.heartbeat(all.map((c) => c.id)).catch((error: unknown) => this.hooks.warn(error, 'the long connections heartbeat'));
    if (all.length > 0) this.listen();
  }

  /** PostgreSQL: hear of deliveries committed by any process, for the apps held here. Again after a lost connection. */
  private listen(): void {
    if (this.unlisten || !this.database.listen || this.closing) return;
    const onPayload = (app_id: string) => {
      if (this.byApp.has(app_id)) this.hooks.wake();
    };
    const lost = () => {
      this.unlisten = undefined;
    };
    this.unlisten = this.database.listen(DELIVERIES_CHANNEL_PREFIX, onPayload, lost).catch((error: unknown) => {
      this.hooks.warn(error, 'listening for deliveries (the dispatcher polls each second meanwhile)');
      lost();
      return undefined;
    });
  }
}

/** Under 2^53: the SDK decodes uint64 as a JS number. */
const randomLogId = randomUint48;

/** Answers a refused upgrade as plain HTTP with Feishu's Handshake-* headers (the Go and Python SDKs read them). */
function refuse(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}): void {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}`);
  socket.end([`HTTP/1.1 ${status} ${reason}`, 'Connection: close', 'Content-Length: 0', ...lines, '', ''].join('\r\n'));
}
