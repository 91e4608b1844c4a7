// Captures a server's log lines in memory, and lists the secrets a log must never hold.
import { Writable } from 'node:stream';
import { fixtureSecrets } from './answers.js';
import { acmeHelpdeskHeader, globexHelpdeskHeader, type Callers } from './callers.js';

export interface CapturedLog {
  stream: Writable;
  lines: string[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines, text: () => lines.join('') };
}

/** App secrets, helpdesk tokens and user tokens of the fixture, the tenant tokens issued, the helpdesk headers' base64. */
export function secretsOf(callers: Callers): string[] {
  return [
    ...fixtureSecrets,
    callers.acmeTenant,
    callers.acmeReadonlyTenant,
    callers.globexTenant,
    acmeHelpdeskHeader.replace(/^Bearer /, ''),
    globexHelpdeskHeader.replace(/^Bearer /, ''),
  ];
}
