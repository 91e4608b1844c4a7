import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/agent_emails', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const emails = async (app = acme.app, helpdesk = acme.helpdesk) => {
    const res = await sdkClient(kefu.baseUrl, app, helpdesk).helpdesk.agent.agentEmail({}, asHelpdesk());
    assert.equal(res.code, 0);
    assert.equal(typeof res.data!.agents, 'string', 'a string, as the SDK types it');
    return JSON.parse(res.data!.agents!);
  };

  test('answers {open_id: email} of the current agents, as a JSON string', async () => {
    const agents = await emails();
    assert.deepEqual(agents, {
      [acme.alice]: 'alice.agent@acme.example',
      [acme.bob]: 'bob.agent@acme.example',
      [acme.carol]: 'carol.agent@acme.example',
    });
    assert.deepEqual(Object.keys(agents), [acme.alice, acme.bob, acme.carol], 'by name');
  });

  test('a removed agent is left out; another helpdesk sees only its own', async () => {
    await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedules.delete({ path: { agent_id: acme.bob } }, asUser(acme.ownerToken));
    assert.deepEqual(Object.keys(await emails()), [acme.alice, acme.carol]);
    assert.deepEqual(await emails(globex.app, globex.helpdesk), {});
  });

  test('a read-only app may read; an app without scope may not', async () => {
    assert.equal(Object.keys(await emails(acme.readonlyApp)).length, 2);
    const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.noScopeApp).helpdesk.agent.agentEmail({}, asHelpdesk()));
    assert.equal(failure.body.code, 99991672);
  });
});
