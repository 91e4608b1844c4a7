// Password hashing with node:crypto's scrypt: a memory-hard KDF maintained with Node itself, so nothing is compiled or
// downloaded at install time. Each hash keeps its salt and cost parameters, so the cost can be raised later and old
// hashes still verify.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

/** 128 * N * r = 32 MiB of memory per check, and a noticeable fraction of a second of CPU: slow for a guesser, fine at a sign-in. */
export const SCRYPT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1, keylen: 32 };

export interface PasswordHash {
  kdf: 'scrypt';
  params: ScryptParams;
  salt: string;
  hash: string;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, params.keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return { kdf: 'scrypt', params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function passwordMatches(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.kdf !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), stored.params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
