// The fixture builder: defaults filled in, the published format out, mistakes refused with their JSON path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FixtureError, world } from '../../src/index.js';
import { validateFixture } from '../../src/fixtures/validate-fixture.js';

test('a bare world is one tenant, one app with every scope, one helpdesk owned by a user with a token', () => {
  const fixture = world().build();
  assert.deepEqual(validateFixture(fixture), fixture);
  const [tenant] = fixture.tenants;
  assert.deepEqual(tenant.apps, [{ app_id: 'cli_kefu0000000001', app_secret: 'kefu-test-secret', scopes: ['helpdesk:all'] }]);
  assert.deepEqual(tenant.users, [{ open_id: 'ou_owner', name: 'Owner', access_tokens: [{ app_id: 'cli_kefu0000000001', token: 'u-test-ou_owner' }] }]);
  assert.equal(tenant.helpdesks?.[0].owner, 'ou_owner');
  assert.deepEqual(tenant.helpdesks?.[0].skills, [{ id: 'skill-default', name: 'General', is_default: true, rules: [], agent_ids: [] }]);
});

test('agents hold the default skill and the skills they name, on duty all day unless told; tickets get ids and a guest', () => {
  const fixture = world({ user_tokens: false })
    .helpdesk({ name: 'IT' })
    .skill({ id: 'vip', name: 'VIP' })
    .agent('ou_a', { name: 'Ann', skills: ['vip'] })
    .agent('ou_b', { status: 2, schedule: [{ weekday: 10, start_time: '09:00', end_time: '18:00' }] })
    .ticket({ guest: 'ou_g' })
    .ticket({ guest: 'ou_g', status: 52, closed_by: 'ou_g' })
    .helpdesk()
    .agent('ou_a')
    .build();
  const [tenant] = fixture.tenants;
  const [it, second] = tenant.helpdesks!;
  assert.deepEqual(it.skills?.map((s) => [s.id, s.agent_ids]), [['skill-default', ['ou_a', 'ou_b']], ['vip', ['ou_a']]]);
  assert.deepEqual(it.agents, [
    { id: 'ou_a', status: 1, schedule: [{ weekday: 9, start_time: '00:00', end_time: '24:00' }] },
    { id: 'ou_b', status: 2, schedule: [{ weekday: 10, start_time: '09:00', end_time: '18:00' }] },
  ]);
  assert.deepEqual(it.tickets?.map((t) => [t.ticket_id, t.guest, t.status, t.ticket_type]), [['7200000000000000001', 'ou_g', 1, 2], ['7200000000000000002', 'ou_g', 52, 2]]);
  assert.deepEqual([second.helpdesk_id, second.owner, second.agents?.map((a) => a.id)], ['7100000000000000002', 'ou_owner_2', ['ou_a']]);
  assert.deepEqual(tenant.users?.map((u) => [u.open_id, u.name, u.access_tokens]), [
    ['ou_owner', 'Owner', undefined], ['ou_a', 'Ann', undefined], ['ou_b', 'ou_b', undefined], ['ou_g', 'ou_g', undefined], ['ou_owner_2', 'Owner', undefined],
  ]);
});

test('a mistake is a FixtureError naming where it is', () => {
  assert.throws(
    () => world().agent('ou_a', { schedule: [{ weekday: 8, start_time: '09:00', end_time: '18:00' }] }).build(),
    (e: unknown) => e instanceof FixtureError && /\$\.tenants\[0\]\.helpdesks\[0\]\.agents\[0\]\.schedule\[0\]\.weekday/.test(e.message),
  );
});
