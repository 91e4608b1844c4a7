// Shared CLI plumbing: flags with environment-variable fallbacks, and a clear message for a bad value.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export const DEFAULT_DB = './data/kefu.db';

/** What parseArgs answers for these options, named so that the build's declarations can spell it. */
type Flags<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>>['values'];

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T): Flags<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The flag if given, else the environment variable, else the default. */
export function pick(flag: unknown, envName: string, fallback?: string): string | undefined {
  if (typeof flag === 'string') return flag;
  const fromEnv = process.env[envName];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : fallback;
}

export function parseInteger(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(text)})`);
  return n;
}

export function parseInstant(text: string, name: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`${name} must be an ISO-8601 instant or milliseconds since the epoch (got ${JSON.stringify(text)})`);
  return ms;
}
