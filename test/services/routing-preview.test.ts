// The console's "who would get this ticket" check is the decision routing then takes: the preview for a guest, and
// the decision recorded when that guest asks for a person at the same instant, name the same agent for the same reasons.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuOk } from '../support/lifecycle.js';

describeEachDatabase('RoutingService.preview', (dialect) => {
  let kefu: RunningKefu;
  before(async () => {
    kefu = await startKefu(dialect);
  });
  after(async () => kefu?.close());

  for (const guest of [acme.guestZhang, acme.guestLi, acme.plain]) {
    test(`the preview for ${guest} is the decision its ticket gets, and recording nothing`, async () => {
      const helpdesk = (await kefu.app.kefu.store.repos.helpdesks.find(acme.helpdesk.helpDeskId))!;
      const preview = await kefu.app.kefu.routing.preview(helpdesk, guest);
      const client = sdkClient(kefu.baseUrl, acme.app);
      const started = await client.helpdesk.ticket.startService({ data: { open_id: guest, human_service: true } }, lark.withHelpDeskCredential());
      const ticket_id = started.data!.ticket_id!;
      const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
      const { decisions } = await kefuOk(kefu, 'GET', `/kefu/v1/tickets/${ticket_id}/routing`, tenant, undefined, true);
      assert.equal(decisions.length, 1, 'only the real start recorded a decision');
      const { at_ms, trigger, subject, ...decided } = decisions[0];
      const { at_ms: previewAt, trigger: previewTrigger, subject: previewSubject, ...previewed } = preview;
      assert.deepEqual(previewed, decided);
      assert.equal(at_ms, previewAt);
      assert.deepEqual({ ...previewSubject, source: subject.source }, subject, 'the same guest attributes (the API start is source 1)');
      assert.equal(previewTrigger, trigger);
    });
  }
});
