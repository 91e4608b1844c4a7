// Feishu's event encryption and signature (feishu-events.md §1.4, §1.5). Pure: the random IV and nonce are inputs.
import { createCipheriv, createHash } from 'node:crypto';

/** base64(IV || AES-256-CBC(sha256(encrypt_key), IV, PKCS#7(plaintext))): what `{"encrypt": ...}` carries. */
export function encryptEvent(encryptKey: string, plaintext: string, iv: Buffer): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** X-Lark-Signature: sha256 hex of timestamp + nonce + encrypt key ("" when the app has none) + the raw body. */
export function signEvent(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body, 'utf8').digest('hex');
}
