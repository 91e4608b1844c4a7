// The long connection's frames byte for byte: the expected bytes are written out from the protobuf wire format
// (tag, length, bytes) by hand here, independently of the protobufjs codec under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame, eventFrames, pongFrame, readInbound, splitPayload, type Frame } from '../../src/events/ws-frame.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (s: string) => Buffer.from(s, 'utf8');
/** A length-delimited field: tag byte, length (one byte: every test value is under 128 bytes), bytes. */
const field = (tag: number, bytes: Uint8Array) => {
  assert.ok(bytes.length < 128);
  return Buffer.concat([Buffer.from([tag, bytes.length]), bytes]);
};
/** Frame.headers (field 5, tag 0x2a): a Header with key (0x0a) and value (0x12). */
const header = (key: string, value: string) => field(0x2a, Buffer.concat([field(0x0a, text(key)), field(0x12, text(value))]));
/** Fields 1-4 as varints (every test value is under 128). */
const ids = (seq: number, log: number, service: number, method: number) => Buffer.from([0x08, seq, 0x10, log, 0x18, service, 0x20, method]);

// What node-sdk 1.74.0's WSClient sent as its ping, captured on the wire (feishu-events.md §2.3).
const SDK_PING = '08001000180720002a0c0a0474797065120470696e67';

test("the SDK's ping decodes to a control frame of type ping, and encodes back to the same bytes", () => {
  const frame = decodeFrame(Buffer.from(SDK_PING, 'hex'));
  assert.deepEqual(frame, { SeqID: 0, LogID: 0, service: 7, method: 0, headers: [{ key: 'type', value: 'ping' }] });
  assert.deepEqual(readInbound(frame), { kind: 'ping' });
  assert.equal(hex(encodeFrame(frame)), SDK_PING);
});

test('zero ids are written, not left out: they are proto2 required and the SDK refuses a frame without them', () => {
  const bytes = encodeFrame({ SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] });
  assert.equal(hex(bytes), hex(ids(0, 0, 0, 0)));
  // A frame that lacks SeqID (as a proto3 encoder writes a zero) is refused, as the SDK refuses it.
  assert.throws(() => decodeFrame(Buffer.from('1000180020' + '00', 'hex')), /missing required 'SeqID'/);
});

test('a pong carries the whole ClientConfig as JSON', () => {
  const config = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };
  const bytes = encodeFrame(pongFrame(7, config));
  const payload = text('{"PingInterval":120,"ReconnectCount":-1,"ReconnectInterval":120,"ReconnectNonce":30}');
  assert.equal(hex(bytes), hex(Buffer.concat([ids(0, 0, 7, 0), header('type', 'pong'), field(0x42, payload)])));
});

test('an event goes out as sum frames with type, message_id, sum, seq, trace_id and timestamp headers', () => {
  const frames = eventFrames({ message_id: 'm1', trace_id: 't1', service: 7, seqId: 5, logId: 9, timestamp: 42, parts: splitPayload(text('{"a":1}'), 4) });
  assert.equal(frames.length, 2);
  const expected = (seq: number, part: string) =>
    hex(Buffer.concat([ids(5 + seq, 9, 7, 1), header('type', 'event'), header('message_id', 'm1'), header('sum', '2'), header('seq', String(seq)),
      header('trace_id', 't1'), header('timestamp', '42'), field(0x42, text(part))]));
  assert.equal(hex(encodeFrame(frames[0])), expected(0, '{"a"'));
  assert.equal(hex(encodeFrame(frames[1])), expected(1, ':1}'));
});

test("the client's ack names the message and its code; anything else is described", () => {
  const event: Frame = eventFrames({ message_id: 'm1', trace_id: 't1', service: 7, seqId: 1, logId: 1, timestamp: 1, parts: [text('{}')] })[0];
  // The SDK re-sends the frame that completed the message with biz_rt added and {"code":200} (500 when its handler threw).
  const ack = (payload: string): Frame => ({ ...event, headers: [...event.headers, { key: 'biz_rt', value: '-1' }], payload: text(payload) });
  assert.deepEqual(readInbound(decodeFrame(encodeFrame(ack('{"code":200}')))), { kind: 'ack', message_id: 'm1', code: 200 });
  assert.deepEqual(readInbound(ack('{"code":500}')), { kind: 'ack', message_id: 'm1', code: 500 });
  assert.deepEqual(readInbound(ack('{"code":200,"data":"eyJvayI6MX0="}')), { kind: 'ack', message_id: 'm1', code: 200 });
  assert.equal(readInbound(ack('not json')).kind, 'other');
  assert.equal(readInbound({ ...event, headers: [{ key: 'type', value: 'card' }] }).kind, 'other');
  assert.throws(() => decodeFrame(text('not a frame')));
});

test('splitting: parts of at most partBytes, in order, joining to the payload; a small payload is one part', () => {
  const payload = text('0123456789');
  assert.deepEqual(splitPayload(payload, 4).map((p) => p.toString()), ['0123', '4567', '89']);
  assert.deepEqual(splitPayload(payload, 10).map((p) => p.toString()), ['0123456789']);
  assert.deepEqual(splitPayload(new Uint8Array(0), 4).map((p) => p.length), [0]);
  // A multi-byte character may be cut between parts: the client joins bytes before decoding.
  const chinese = text('顾明');
  assert.equal(Buffer.concat(splitPayload(chinese, 4)).toString('utf8'), '顾明');
  assert.throws(() => splitPayload(payload, 0), RangeError);
});
