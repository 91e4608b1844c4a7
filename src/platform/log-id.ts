import { randomBytes } from 'node:crypto';

/** A Feishu-style log id: UTC timestamp (yyyyMMddHHmmss) and random hex, answered in X-Tt-Logid and logged. */
export function newLogId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}${randomBytes(9).toString('hex').toUpperCase()}`;
}
