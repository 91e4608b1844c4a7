// The error answers of the OpenAPI document: the one envelope every refusal answers (a component), and per route one
// response per status, its `code` narrowed to the codes the route can answer with that status.
import type { ErrorRow } from '../platform/errors.js';

/** The envelope every refusal answers: data is {}, `error` carries the log id and what was wrong. */
export const ErrorEnvelope: Record<string, unknown> = {
  type: 'object',
  required: ['code', 'msg', 'data', 'error'],
  properties: {
    code: { type: 'integer' },
    msg: { type: 'string' },
    data: { type: 'object', maxProperties: 0 },
    error: {
      type: 'object',
      required: ['log_id', 'message'],
      properties: {
        log_id: { type: 'string', description: 'The X-Tt-Logid header of the answer; every log line of the request carries it.' },
        message: { type: 'string' },
        field_violations: {
          type: 'array',
          items: { type: 'object', required: ['field', 'description'], properties: { field: { type: 'string' }, value: { type: 'string' }, description: { type: 'string' } } },
        },
        permission_violations: {
          type: 'array',
          items: { type: 'object', required: ['type', 'subject', 'description'], properties: { type: { type: 'string' }, subject: { type: 'string' }, description: { type: 'string' } } },
        },
      },
    },
  },
};

/** The error envelope with `code` limited to the given codes. */
function errorEnvelope(codes: number[]) {
  return { allOf: [{ $ref: '#/components/schemas/ErrorEnvelope' }, { type: 'object', properties: { code: { enum: codes } } }] };
}

/** One response per status the route can refuse with, its codes listed in the description and in the schema. */
export function errorResponses(rows: ErrorRow[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorRow[]>();
  for (const row of rows) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row]);
  return Object.fromEntries(
    [...byStatus].map(([status, same]) => [
      status,
      {
        description: same.map((r) => `${r.code}: ${r.msg}`).join('; '),
        content: { 'application/json': { schema: errorEnvelope([...new Set(same.map((r) => r.code))]) } },
      },
    ]),
  );
}
