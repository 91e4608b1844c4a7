// The long connection's frames (feishu-events.md §2.3-2.6): pbbp2 Frames, encoded and decoded by protobufjs from
// proto/pbbp2.proto, and the few frames Kefu writes and reads: pong, event parts, and the client's ack. Pure.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

// The same relative path from src/events and from the compiled dist/events.
const root = protobuf.loadSync(fileURLToPath(new URL('../../proto/pbbp2.proto', import.meta.url)));
const FrameMessage = root.lookupType('pbbp2.Frame');

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control (ping, pong), 1 data (events and their acks). */
  method: number;
  headers: FrameHeader[];
  payload?: Uint8Array;
}

export const CONTROL = 0;
export const DATA = 1;

/** What the endpoint answers and every pong repeats (seconds; ReconnectCount -1 is forever). */
export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameMessage.encode(FrameMessage.fromObject(frame)).finish();
}

/** Throws on bytes that are not a Frame, or lack one of its required fields. */
export function decodeFrame(bytes: Uint8Array): Frame {
  // uint64 as numbers: the SDKs' ids stay below 2^53 (node decodes them as numbers too).
  const o = FrameMessage.toObject(FrameMessage.decode(bytes), { longs: Number, bytes: Buffer }) as Frame;
  return { SeqID: o.SeqID, LogID: o.LogID, service: o.service, method: o.method, headers: o.headers ?? [], ...(o.payload ? { payload: o.payload } : {}) };
}

export function headerOf(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}

/** The answer to a client's ping: the whole ClientConfig, which the SDK adopts. */
export function pongFrame(service: number, config: ClientConfig): Frame {
  return { SeqID: 0, LogID: 0, service, method: CONTROL, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(config)) };
}

export interface EventMessage {
  /** Kefu's id of this attempt: the ack names it. */
  message_id: string;
  trace_id: string;
  service: number;
  /** The first frame's SeqID; each part takes the next. */
  seqId: number;
  logId: number;
  /** ms, sent as Feishu's `timestamp` header. */
  timestamp: number;
  parts: Uint8Array[];
}

/** One data frame per part, each with type, message_id, sum, seq and trace_id (the SDK drops a part without them). */
export function eventFrames(m: EventMessage): Frame[] {
  return m.parts.map((payload, seq) => ({
    SeqID: m.seqId + seq,
    LogID: m.logId,
    service: m.service,
    method: DATA,
    headers: [
      { key: 'type', value: 'event' },
      { key: 'message_id', value: m.message_id },
      { key: 'sum', value: String(m.parts.length) },
      { key: 'seq', value: String(seq) },
      { key: 'trace_id', value: m.trace_id },
      { key: 'timestamp', value: String(m.timestamp) },
    ],
    payload,
  }));
}

export type InboundFrame =
  | { kind: 'ping' }
  | { kind: 'ack'; message_id: string; code: number }
  | { kind: 'other'; description: string };

/** What a client's frame is: a ping, the ack of an event (`{"code":200}`, 500 when its handler threw), or else. */
export function readInbound(frame: Frame): InboundFrame {
  const type = headerOf(frame, 'type');
  if (frame.method === CONTROL && type === 'ping') return { kind: 'ping' };
  const message_id = headerOf(frame, 'message_id');
  if (frame.method === DATA && type === 'event' && message_id !== undefined) {
    try {
      const answer = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as { code?: unknown };
      if (typeof answer.code === 'number') return { kind: 'ack', message_id, code: answer.code };
    } catch {
      // not JSON: described below
    }
    return { kind: 'other', description: `an ack of ${message_id} without a {"code": n} payload` };
  }
  return { kind: 'other', description: `method ${frame.method}, type ${type ?? '(none)'}` };
}

/** The payload cut into parts of at most `partBytes` bytes (one part when it fits); joined, they are the payload. */
export function splitPayload(payload: Uint8Array, partBytes: number): Uint8Array[] {
  if (!(partBytes >= 1)) throw new RangeError(`partBytes must be at least 1, not ${partBytes}`);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < payload.length; at += partBytes) parts.push(payload.subarray(at, at + partBytes));
  return parts.length > 0 ? parts : [payload];
}
