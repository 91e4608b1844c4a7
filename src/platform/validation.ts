// Schema validation: queries and paths arrive as strings and are coerced (Feishu's numbers travel as text there);
// JSON bodies are checked strictly, so a string where a number belongs is refused rather than guessed at.
// A query parameter no schema declares is dropped here, for every route (domain.md: an unknown query key is
// ignored): nothing after validation, the read cache's keys included, ever sees one.
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldViolation } from '../domain/field-violation.js';
import { badRequest } from './errors.js';

const common = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false } as const;
const coercing = new Ajv({ ...common, coerceTypes: 'array' });
const query = new Ajv({ ...common, coerceTypes: 'array', removeAdditional: 'all' });
const strict = new Ajv({ ...common, coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : httpPart === 'querystring' ? query : coercing;
  const validate = ajv.compile(schema as object);
  return (data: unknown) => {
    if (!validate(data)) return { error: badRequest((validate.errors ?? []).map((e) => toViolation(e, httpPart ?? 'body', data))) };
    const nul = nulCharacterAt(data);
    if (nul) return { error: badRequest([{ field: fieldName(nul) || (httpPart ?? 'body'), description: 'must not contain the character U+0000' }]) };
    return { value: data };
  };
};

/**
 * The path to the first string value holding U+0000. PostgreSQL text cannot store it and fails any query that carries
 * one, so it is refused here, once, naming the field, for every route and both databases. (Bodies nest at most
 * MAX_BODY_DEPTH levels, so the recursion is shallow.)
 */
export function nulCharacterAt(data: unknown, path: string[] = []): string[] | undefined {
  if (typeof data === 'string') return data.includes('\u0000') ? path : undefined;
  if (data === null || typeof data !== 'object') return undefined;
  for (const [key, value] of Object.entries(data)) {
    const found = nulCharacterAt(value, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function toViolation(error: ErrorObject, httpPart: string, data: unknown): FieldViolation {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  const field = fieldName(segments) || httpPart;
  const value = error.keyword === 'required' ? undefined : valueAt(data, segments);
  return { field, description: describe(error), ...(value === undefined ? {} : { value }) };
}

/** ['agent_skill', 'rules', '0', 'id'] -> 'agent_skill.rules[0].id' */
export function fieldName(segments: readonly string[]): string {
  return segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current: unknown = data;
  for (const s of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, s)) return undefined;
    current = (current as Record<string, unknown>)[s];
  }
  return current;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${error.params.type === 'integer' ? 'an integer' : `of type ${error.params.type}`}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${error.params.comparison} ${error.params.limit}`;
    case 'maxItems':
      return `must have at most ${error.params.limit} items`;
    case 'minItems':
      return `must have at least ${error.params.limit} items`;
    case 'maxLength':
      return `must be at most ${error.params.limit} characters`;
    case 'minLength':
      return `must be at least ${error.params.limit} characters`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return 'is not a known field';
    default:
      return error.message ?? 'is not valid';
  }
}
