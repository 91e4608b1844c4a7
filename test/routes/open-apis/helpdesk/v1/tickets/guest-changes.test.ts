// guest_name and tags follow the users table: a fixture loaded again with a guest renamed and retagged (and new
// tickets for that guest) changes what the filters find and what they count, bucket totals included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Fixture } from '../../../../../../src/fixtures/fixture-schema.js';
import { loadFixture } from '../../../../../../src/fixtures/load-fixture.js';
import { generateTickets } from '../../../../../../src/fixtures/ticket-generator.js';
import { acme, DEFAULT_NOW, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

const DAY = 86_400_000;

function world(extraTickets: number): Fixture {
  const fixture = structuredClone(exampleFixture) as Fixture;
  const helpdesk = fixture.tenants[0].helpdesks![0];
  helpdesk.tickets!.push(...generateTickets({ seed: 11, count: 200, guests: [acme.guestZhang, acme.guestLi], agents: [acme.alice], until: DEFAULT_NOW }));
  if (extraTickets > 0) {
    const more = generateTickets({ seed: 12, count: extraTickets, guests: [acme.guestZhang], agents: [acme.bob], until: DEFAULT_NOW, firstNumber: 6_500_000_000_000_000_000n });
    helpdesk.tickets!.push(...more);
  }
  return fixture;
}

describeEachDatabase('ticket filters after users change', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  const first = world(0);
  before(async () => {
    kefu = await startKefu(dialect, { fixture: first });
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  const total = async (params: Record<string, unknown>) => (await client.helpdesk.ticket.list({ params }, lark.withHelpDeskCredential())).data!.total!;
  const week = { create_time_start: DEFAULT_NOW - 90 * DAY + 12_345, create_time_end: DEFAULT_NOW - 3 * DAY - 777 };

  test('a renamed, retagged guest is found by the new name and tags only, with exact totals', async () => {
    const zhangTickets = (fixture: Fixture) => fixture.tenants[0].helpdesks![0].tickets!.filter((t) => t.guest === acme.guestZhang);
    const withOwnTag = (fixture: Fixture, tag: string) => zhangTickets(fixture).filter((t) => (t.tag_names ?? []).includes(tag));
    assert.equal(await total({ guest_name: 'zhang san' }), zhangTickets(first).length);
    const vipBefore = await total({ tags: ['vip'] });
    assert.ok(vipBefore >= zhangTickets(first).length, 'Zhang San is a vip guest');
    assert.equal(await total({ guest_name: 'zhang wu' }), 0);
    const inWeek = (fixture: Fixture) => fixture.tenants[0].helpdesks![0].tickets!.filter((t) => t.created_at >= week.create_time_start && t.created_at <= week.create_time_end);
    assert.equal(await total(week), inWeek(first).length);

    // Zhang San becomes "Zhang Wu", tagged gold instead of vip, and files 30 more tickets, in one load.
    const second = world(30);
    const zhang = second.tenants[0].users!.find((u) => u.open_id === acme.guestZhang)!;
    zhang.name = 'Zhang Wu';
    zhang.tags = ['gold'];
    await loadFixture(kefu.app.kefu.store, second, DEFAULT_NOW);

    const all = zhangTickets(second);
    assert.equal(await total({ guest_name: 'zhang san' }), 0);
    assert.equal(await total({ guest_name: 'zhang wu' }), all.length);
    assert.equal(await total({ tags: ['gold'] }), all.length);
    assert.equal(await total({ tags: ['vip'] }), vipBefore - zhangTickets(first).length + withOwnTag(second, 'vip').length);
    // The same through the count tables (one tag and a creation range) and through the index (tag and guest).
    const inRange = all.filter((t) => t.created_at >= week.create_time_start && t.created_at <= week.create_time_end);
    // Needles searched before the load, in queries not asked before: the guests they match are found anew.
    assert.equal(await total({ guest_name: 'zhang san', ...week }), 0);
    assert.equal(await total({ guest_name: 'zhang wu', ...week }), inRange.length);
    // A range counted from whole buckets before the load, in a query not asked before: the new tickets are counted.
    assert.ok(inWeek(second).length > inWeek(first).length);
    assert.equal(await total({ ...week, page_size: 10 }), inWeek(second).length);
    assert.equal(await total({ tags: ['gold'], ...week }), inRange.length);
    assert.equal(await total({ tags: ['gold'], guest_id: acme.guestZhang, ...week }), inRange.length);
    assert.equal(await total({ tags: ['vip', 'gold'], ...week }), await total({ ...week, tags: ['gold'] }) + (await total({ ...week, tags: ['vip'] })) - inRange.filter((t) => (t.tag_names ?? []).includes('vip')).length);
  });

  test('a page read after a guest is renamed names them by the new name, whatever pages came before', async () => {
    const guestName = async (page_size: number) =>
      (await client.helpdesk.ticket.list({ params: { guest_id: acme.guestZhang, page_size } }, lark.withHelpDeskCredential())).data!.tickets![0].guest!.name;
    const before = await guestName(2);
    const renamed = world(30);
    renamed.tenants[0].users!.find((u) => u.open_id === acme.guestZhang)!.name = `${before} Qi`;
    await loadFixture(kefu.app.kefu.store, renamed, DEFAULT_NOW);
    assert.equal(await guestName(3), `${before} Qi`);
  });
});
