// The document against the server: the requests of the endpoint catalogue (the calls the SDK makes, sent as it sends
// them), a guest's chat with a human through Kefu's own API, and the refusals of a caller without credentials. Every
// request conforms to the document, and every answer has a documented status and a body its schema allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApiDocument } from '../../src/cli/openapi.js';
import { validHeaders } from '../support/callers.js';
import { describeEndpoint, endpoints, exampleBody, exampleTarget, type Endpoint } from '../support/endpoints.js';
import { suiteServer, type FuzzContext } from '../support/fuzz.js';
import { acme, describeEachDatabase } from '../support/kefu.js';
import { operationOf, type OpenApiDocument } from '../support/openapi.js';
import { Conformance, type SentRequest } from '../support/openapi-conformance.js';
import { rawRequest, type RawAnswer, type RawHeader } from '../support/raw-http.js';

const doc = (await openApiDocument()) as OpenApiDocument;
const conformance = new Conformance(doc);

/** Sends the endpoint's example (with these params, headers and body), checks both sides, and answers the answer. */
async function replay(ctx: FuzzContext, e: Endpoint, overrides: Partial<SentRequest> = {}): Promise<RawAnswer> {
  const sent: SentRequest = {
    params: e.example.params ?? {},
    query: e.example.query ?? [],
    headers: validHeaders(e, ctx.callers),
    body: exampleBody(e),
    contentType: e.example.contentType,
    ...overrides,
  };
  const target = exampleTarget({ ...e, example: { ...e.example, params: sent.params, query: sent.query } });
  const where = `${describeEndpoint(e)} ${target}`;
  const operation = operationOf(doc, e);
  assert.ok(operation, `${where}: not in the document`);
  const answer = await rawRequest(ctx.kefu.baseUrl, { method: e.method, target, headers: sent.headers, body: sent.body });
  assert.deepEqual(conformance.requestProblems(operation, sent), [], `${where}: the request`);
  assert.deepEqual(conformance.answerProblems(operation, answer), [], `${where}: the answer`);
  ctx.figures.add(answer.status < 300 ? 'successes-conformed' : 'refusals-conformed');
  return answer;
}

const endpoint = (method: Endpoint['method'], path: string) => endpoints.find((e) => e.method === method && e.path === path)!;

describeEachDatabase('the OpenAPI document describes what the server accepts and answers', (dialect) => {
  const ctx = suiteServer(dialect, 'openapi conformance');

  test('every example of the endpoint catalogue, reads then writes, conforms on both sides', async () => {
    const ordered = [...endpoints.filter((e) => e.method === 'GET'), ...endpoints.filter((e) => e.method !== 'GET')];
    for (const e of ordered) {
      const answer = await replay(ctx, e);
      if (e.needs === undefined) assert.equal(answer.status, e.exampleStatus ?? 200, `${describeEndpoint(e)}: ${answer.text.slice(0, 300)}`);
    }
  });

  test('a guest talks to a human through Kefu\'s API, the agent replies and the guest closes: each answer conforms', async () => {
    const guest: RawHeader[] = [['Content-Type', 'application/json'], ['Authorization', `Bearer ${acme.plainUserToken}`]];
    const start = await replay(ctx, endpoint('POST', '/kefu/v1/helpdesks/:helpdesk_id/chats'), { headers: guest, body: JSON.stringify({ human_service: true }) });
    assert.equal(start.status, 200, start.text);
    const { chat_id, ticket_id } = start.json.data as { chat_id: string; ticket_id: string };
    assert.ok(ticket_id, start.text);
    const steps: [Endpoint, Record<string, string>][] = [
      [endpoint('POST', '/kefu/v1/chats/:chat_id/messages'), { chat_id }],
      [endpoint('GET', '/kefu/v1/chats/:chat_id/messages'), { chat_id }],
      [endpoint('POST', '/open-apis/helpdesk/v1/tickets/:ticket_id/messages'), { ticket_id }],
      [endpoint('GET', '/open-apis/helpdesk/v1/tickets/:ticket_id/messages'), { ticket_id }],
      [endpoint('POST', '/kefu/v1/chats/:chat_id/close'), { chat_id }],
      [endpoint('GET', '/open-apis/helpdesk/v1/tickets/:ticket_id'), { ticket_id }],
    ];
    for (const [e, params] of steps) {
      const answer = await replay(ctx, e, { params });
      assert.equal(answer.status, 200, `${describeEndpoint(e)}: ${answer.text.slice(0, 300)}`);
    }
  });

  test("a notification's life, from draft to a recalled send and through the owner's review: each answer conforms", async () => {
    const create = endpoint('POST', '/open-apis/helpdesk/v1/notifications');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await replay(ctx, create);
      assert.equal(created.status, 200, created.text);
      ids.push((created.json.data as { notification_id: string }).notification_id);
    }
    const [sent, reviewed] = ids.map((notification_id) => ({ notification_id }));
    const action = (name: string) => endpoint('POST', `/open-apis/helpdesk/v1/notifications/:notification_id/${name}`);
    const steps: [Endpoint, Record<string, string>, string?][] = [
      [endpoint('PATCH', '/open-apis/helpdesk/v1/notifications/:notification_id'), sent],
      [action('preview'), sent],
      [action('submit_approve'), sent],
      [action('execute_send'), sent],
      [endpoint('GET', '/open-apis/helpdesk/v1/notifications/:notification_id'), sent],
      [action('cancel_send'), sent],
      // The owner's own submission is approved at once: review answers the wrong-state refusal as documented.
      [endpoint('POST', '/kefu/v1/notifications/:notification_id/review'), sent, '405'],
      [action('submit_approve'), reviewed],
      [action('cancel_approve'), reviewed, '405'],
    ];
    for (const [e, params, refused] of steps) {
      const answer = await replay(ctx, e, { params });
      assert.equal(answer.status, refused ? Number(refused) : 200, `${describeEndpoint(e)}: ${answer.text.slice(0, 300)}`);
    }
  });

  test('a caller without credentials is refused as the document says, on every guarded endpoint', async () => {
    for (const e of endpoints.filter((x) => x.access !== 'public' && x.access !== 'probe')) {
      const headers = validHeaders(e, ctx.callers).filter(([name]) => name !== 'Authorization');
      const operation = operationOf(doc, e)!;
      const target = exampleTarget(e);
      const answer = await rawRequest(ctx.kefu.baseUrl, { method: e.method, target, headers, body: exampleBody(e) });
      assert.deepEqual([answer.status, answer.json?.code], [400, 99991661], describeEndpoint(e));
      assert.deepEqual(conformance.answerProblems(operation, answer), [], describeEndpoint(e));
    }
  });
});
