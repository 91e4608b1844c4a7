// Checks a request and its answer against the OpenAPI document with ajv: path and query parameters (coerced, as they
// travel as text), the JSON body, the credentials the operation names, and the answer's status and JSON body.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { RawAnswer, RawHeader } from './raw-http.js';
import type { OpenApiDocument, Operation } from './openapi.js';

export interface SentRequest {
  params: Record<string, string>;
  query: [string, string][];
  headers: RawHeader[];
  body?: string;
  contentType?: string;
}

export class Conformance {
  private readonly coercing = new Ajv2020({ strict: false, coerceTypes: 'array', allErrors: true });
  private readonly exact = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {}

  /** What in the request the document does not allow, as readable lines; empty when it conforms. */
  requestProblems(operation: Operation, sent: SentRequest): string[] {
    const problems: string[] = [];
    const parameters = operation.parameters ?? [];
    const path = parameters.filter((p) => p.in === 'path');
    const query = parameters.filter((p) => p.in === 'querystring' || p.in === 'query');
    problems.push(...this.check('path', this.coercing, objectOf(path), { ...sent.params }));
    const values: Record<string, string | string[]> = {};
    for (const [k, v] of sent.query) values[k] = k in values ? [values[k]!].flat().concat(v) : v;
    const unknown = Object.keys(values).filter((k) => !query.some((p) => p.name === k));
    if (unknown.length > 0) problems.push(`query keys the document does not name: ${unknown.join(', ')}`);
    problems.push(...this.check('query', this.coercing, objectOf(query), values));
    if (sent.body !== undefined) {
      const type = (sent.contentType ?? 'application/json').split(';')[0]!.trim();
      const media = operation.requestBody?.content[type];
      if (!media) problems.push(`a ${type} body the document does not describe`);
      else if (type === 'application/json') problems.push(...this.check('body', this.exact, media.schema, JSON.parse(sent.body)));
    }
    const has = (name: string) => sent.headers.some(([n]) => n.toLowerCase() === name);
    const present = (scheme: string) => (scheme === 'helpdesk' ? has('x-lark-helpdesk-authorization') : has('authorization'));
    const security = operation.security ?? [];
    if (security.length > 0 && !security.some((requirement) => Object.keys(requirement).every(present))) problems.push('credentials the document does not name');
    return problems;
  }

  /** What in the answer the document does not allow. */
  answerProblems(operation: Operation, answer: RawAnswer): string[] {
    const response = operation.responses[String(answer.status)];
    if (!response) return [`status ${answer.status} is not documented (${answer.text.slice(0, 200)})`];
    const type = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim();
    const content = response.content ?? {};
    if (type === 'application/json') {
      const media = content['application/json'];
      return media ? this.check(`answer ${answer.status}`, this.exact, media.schema, answer.json) : [`a JSON answer to ${answer.status} where the document has none`];
    }
    const documented = Object.keys(content).some((m) => m === type || (m.endsWith('/*') && type.startsWith(m.slice(0, -1))));
    return documented ? [] : [`a ${type} answer the document does not describe`];
  }

  private check(part: string, ajv: Ajv2020, schema: object, value: unknown): string[] {
    const key = `${ajv === this.exact ? 'exact' : 'coercing'} ${JSON.stringify(schema)}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      // The document's components travel with each schema, so its $refs (#/components/...) resolve.
      validate = ajv.compile({ ...schema, components: this.doc.components });
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${part}${e.instancePath} ${e.message}`);
  }
}

function objectOf(parameters: NonNullable<Operation['parameters']>): object {
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}
