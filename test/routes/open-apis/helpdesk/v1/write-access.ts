// The refusals every owner/admin write shares: who is turned away, with which status and code, and that nothing
// was written. Each suite passes the call and a read-back of what the call would have changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { acme, asHelpdesk, asUser, sdkClient, sdkFailure, type RunningKefu } from '../../../../support/kefu.js';

type Call = (client: lark.Client, options: any) => Promise<unknown>;

export function refusesWhoMayNotWrite(kefu: () => RunningKefu, call: Call, readBack: () => Promise<unknown>): void {
  const cases: { who: string; client: () => lark.Client; options: () => any; status: number; code: number }[] = [
    { who: 'a plain user (neither owner nor admin)', client: () => sdkClient(kefu().baseUrl, acme.app), options: () => asUser(acme.plainUserToken), status: 403, code: 154003 },
    { who: 'a tenant token', client: () => sdkClient(kefu().baseUrl, acme.app), options: asHelpdesk, status: 403, code: 154003 },
    { who: 'the owner through a read-only app', client: () => sdkClient(kefu().baseUrl, acme.readonlyApp), options: () => asUser(acme.ownerReadonlyToken), status: 400, code: 99991672 },
  ];
  for (const c of cases) {
    test(`${c.who} is refused ${c.status}/${c.code} and nothing is written`, async () => {
      const before = await readBack();
      const failure = await sdkFailure(call(c.client(), c.options()));
      assert.equal(failure.status, c.status);
      assert.equal(failure.body.code, c.code);
      assert.deepEqual(failure.body.data, {});
      if (c.code === 99991672) assert.match(failure.body.msg, /helpdesk:all\]/);
      assert.deepEqual(await readBack(), before);
    });
  }
}

/** A 400/154000 whose field_violations name exactly these fields (in order). */
export function assertBadFields(failure: { status: number; body: any }, fields: string[]): void {
  assert.equal(failure.status, 400, JSON.stringify(failure.body));
  assert.equal(failure.body.code, 154000);
  assert.deepEqual(failure.body.data, {});
  assert.deepEqual(
    failure.body.error.field_violations.map((v: { field: string }) => v.field),
    fields,
    JSON.stringify(failure.body.error.field_violations),
  );
}

/** A 404/154004: an id the helpdesk does not hold (another helpdesk's included). */
export function assertNotFound(failure: { status: number; body: any }): void {
  assert.equal(failure.status, 404, JSON.stringify(failure.body));
  assert.equal(failure.body.code, 154004);
  assert.deepEqual(failure.body.data, {});
}
