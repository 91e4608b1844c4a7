// The HTTP request a webhook push is (feishu-events.md §1): compact JSON, `{"encrypt": ...}` when the app has an
// encrypt key, and the three signature headers always. Pure: time, nonce and IV are inputs.
import { encryptEvent, signEvent } from './webhook-crypto.js';

export interface WebhookKeys {
  encrypt_key: string | null;
}

export interface Randomness {
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  iv: Buffer;
}

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** `payload` is the v2 envelope, or the url_verification object. */
export function webhookRequest(payload: unknown, keys: WebhookKeys, r: Randomness): WebhookRequest {
  const plain = JSON.stringify(payload);
  const body = keys.encrypt_key ? JSON.stringify({ encrypt: encryptEvent(keys.encrypt_key, plain, r.iv) }) : plain;
  const timestamp = String(r.timestamp);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': r.nonce,
      'x-lark-signature': signEvent(timestamp, r.nonce, keys.encrypt_key ?? '', body),
    },
  };
}
