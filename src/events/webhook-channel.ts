// Webhook delivery: POSTs the signed (and, with a key, encrypted) request to the app's request URL. HTTP 200
// within the time limit is delivered; anything else is a failed attempt, described for the delivery log.
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { EventSubscription } from '../repositories/event-subscriptions-repository.js';
import type { EventEnvelope } from './envelope.js';
import { webhookRequest, type WebhookKeys } from './webhook-request.js';
import { push } from './webhook-push.js';

export const DELIVERY_TIMEOUT_MS = 3_000;
export const VERIFICATION_TIMEOUT_MS = 1_000;

/** Why an attempt got no HTTP answer (the attempt history's `error`). */
export type AttemptError = 'timeout' | 'refused' | 'unreachable' | 'bad answer' | 'not deliverable';

export interface AttemptResult {
  delivered: boolean;
  /** `HTTP 200`, `HTTP 500`, `no answer within 3000 ms`, `ECONNREFUSED`, ... */
  outcome: string;
  /** The answer's HTTP status, when there was an answer. */
  http_status?: number;
  /** Otherwise, why there was none. */
  error?: AttemptError;
  /** The answer's body, when there was one. */
  answer?: string;
}

/** One delivery mode: webhook, or the long connection. */
export interface DeliveryChannel {
  mode: string;
  deliver(subscription: EventSubscription, envelope: EventEnvelope): Promise<AttemptResult>;
  /**
   * A mode delivered through connections some process holds: the apps this process holds one for. The dispatcher
   * claims those apps' deliveries, and those of apps with no live connection anywhere (to fail them); absent, any
   * process claims every delivery of the mode.
   */
  held?(): string[];
}

/** Signs and POSTs through fetch, which reads the answer: the url_verification challenge's path. */
export async function postSigned(url: string, payload: unknown, keys: WebhookKeys, clock: Clock, timeoutMs: number): Promise<AttemptResult> {
  const request = signedRequest(payload, keys, clock);
  try {
    const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const answer = await res.text();
    return { delivered: res.status === 200, outcome: `HTTP ${res.status}`, http_status: res.status, answer };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') return timedOut(timeoutMs);
    const code = err.cause?.code;
    return failed(code ?? err.cause?.message ?? err.message, code);
  }
}

/** Signs and pushes an event (webhook-push.ts): the answer's status is all a delivery needs. */
async function pushSigned(url: string, envelope: EventEnvelope, keys: WebhookKeys, clock: Clock, timeoutMs: number): Promise<AttemptResult> {
  // Anything but a well-formed http(s) URL fails as fetch has always described it.
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return postSigned(url, envelope, keys, clock, timeoutMs);
  const request = signedRequest(envelope, keys, clock);
  const answer = await push(url, request.headers, request.body, timeoutMs);
  if ('status' in answer) return { delivered: answer.status === 200, outcome: `HTTP ${answer.status}`, http_status: answer.status };
  if ('timedOut' in answer) return timedOut(timeoutMs);
  const code = fetchCode(answer.failed);
  return failed(code ?? answer.failed.message, code);
}

const signedRequest = (payload: unknown, keys: WebhookKeys, clock: Clock) =>
  webhookRequest(payload, keys, { timestamp: Math.floor(clock.now() / 1000), nonce: String(randomInt(1e9)), iv: randomBytes(16) });

const timedOut = (timeoutMs: number): AttemptResult => ({ delivered: false, outcome: `no answer within ${timeoutMs} ms`, error: 'timeout' });

const failed = (outcome: string, code: string | undefined): AttemptResult => ({ delivered: false, outcome, error: attemptError(code) });

/**
 * The code fetch gave the same failure, which the delivery log has always shown: a connection the receiver closed
 * before its answer was complete is node's ECONNRESET "socket hang up" or "aborted", fetch's UND_ERR_SOCKET.
 */
function fetchCode(error: NodeJS.ErrnoException): string | undefined {
  if (error.code === 'ECONNRESET' && (error.message === 'socket hang up' || error.message === 'aborted')) return 'UND_ERR_SOCKET';
  return error.code;
}

/** A connection refused, a host not found or not routed, or anything else: an answer that was not HTTP or broke off. */
function attemptError(code: string | undefined): AttemptError {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code && ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) return 'unreachable';
  return 'bad answer';
}

export function webhookChannel(clock: Clock, timeoutMs = DELIVERY_TIMEOUT_MS): DeliveryChannel {
  return {
    mode: 'webhook',
    deliver: (s, envelope) =>
      s.request_url ? pushSigned(s.request_url, envelope, s, clock, timeoutMs) : Promise.resolve({ delivered: false, outcome: 'no request_url', error: 'not deliverable' as const }),
  };
}
