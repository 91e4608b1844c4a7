// HTML forms post application/x-www-form-urlencoded, which the Open API never accepts: a page route adds this parser
// to its own plugin, so only it reads forms.
import type { FastifyInstance } from 'fastify';
import { badField } from '../../platform/errors.js';

/** A form body is a few fields; anything larger is not one of these pages' forms. */
const FORM_BODY_LIMIT = 16 * 1024;

export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    } catch {
      done(badField('body', 'is not a form'), undefined);
    }
  });
}

/** One text value of the query or a form: the first when a name is repeated; undefined when absent. */
export function field(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
