// Every bad value of GET /tickets is 400/154000 naming the parameter at fault, through the SDK and in raw queries
// the SDK cannot send.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../../../../../support/callers.js';
import { acme, describeEachDatabase, helpdeskHeader, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

type Params = NonNullable<NonNullable<Parameters<lark.Client['helpdesk']['ticket']['list']>[0]>['params']>;

const refusals: [Params, string, RegExp?][] = [
  [{ page_size: 0 }, 'page_size'],
  [{ page_size: 201 }, 'page_size'],
  [{ page: 0 }, 'page'],
  [{ page: 'x' as unknown as number }, 'page'],
  [{ page: 1.5 }, 'page'],
  [{ page_size: 'twenty' as unknown as number }, 'page_size'],
  [{ status_list: [99] }, 'status_list[0]'],
  [{ status_list: [51, 6] }, 'status_list[1]'],
  [{ type: 3 }, 'type'],
  [{ solved: 0 }, 'solved'],
  [{ score: 4 }, 'score'],
  [{ channel: -1 }, 'channel'],
  [{ create_time_start: 1 }, 'create_time_end'],
  [{ create_time_end: 1 }, 'create_time_start'],
  [{ update_time_start: 1 }, 'update_time_end'],
  [{ update_time_end: 1 }, 'update_time_start'],
  [{ create_time_start: 10, create_time_end: 9 }, 'create_time_start'],
  [{ update_time_start: 10, update_time_end: 9 }, 'update_time_start'],
  [{ create_time_start: -5, create_time_end: 9 }, 'create_time_start'],
  [{ create_time_start: 'yesterday' as unknown as number, create_time_end: 9 }, 'create_time_start'],
  [{ page: 51, page_size: 200 }, 'page', /narrow the query, for example by time/],
  [{ page: 10_001 }, 'page', /narrow the query, for example by time/],
  [{ page: 1_000_000_000_000, page_size: 1 }, 'page', /narrow the query/],
  [{ guest_name: 'x'.repeat(101) }, 'guest_name'],
  [{ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
];

describeEachDatabase('GET /open-apis/helpdesk/v1/tickets refusals', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  test('each bad value is 400/154000 with a field violation naming its parameter', async () => {
    for (const [params, field, message] of refusals) {
      const failure = await sdkFailure(client.helpdesk.ticket.list({ params }, lark.withHelpDeskCredential()));
      const context = JSON.stringify(params).slice(0, 120);
      assert.equal(failure.status, 400, context);
      assert.equal(failure.body.code, 154000, context);
      assert.deepEqual(failure.body.data, {}, context);
      assert.ok(failure.body.error.field_violations.some((v: { field: string }) => v.field === field), `${context} names ${field}: ${JSON.stringify(failure.body.error)}`);
      if (message) assert.match(failure.body.msg, message, context);
    }
  });

  test('the deepest allowed page (50 x 200, 10,000 x 1) is served, empty past the matches', async () => {
    for (const params of [{ page: 50, page_size: 200 }, { page: 10_000, page_size: 1 }]) {
      const res = await client.helpdesk.ticket.list({ params }, lark.withHelpDeskCredential());
      assert.equal(res.code, 0);
      assert.deepEqual([res.data!.total, res.data!.tickets], [2, []]);
    }
  });

  test('a parameter given twice where one value belongs, and problems in several parameters, are named', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    const get = async (query: string) => {
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?${query}`, { headers });
      return { status: res.status, body: await res.json() };
    };
    const twice = await get('page=1&page=2');
    assert.equal(twice.status, 400);
    assert.equal(twice.body.error.field_violations[0].field, 'page');
    const several = await get('create_time_start=5&update_time_end=3&page=60&page_size=200');
    assert.equal(several.status, 400);
    assert.deepEqual(several.body.error.field_violations.map((v: { field: string }) => v.field).sort(), ['create_time_end', 'page', 'update_time_start']);
  });
});
