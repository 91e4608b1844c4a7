// Two `kefu serve` processes on one PostgreSQL schema, each with its own read cache: a write that one process has
// acknowledged is what the other answers next, even for answers it already holds in memory.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { withoutPostgres } from '../support/databases.js';
import { projectRoot, runKefuAsync, serveKefu, type ServingKefu } from '../support/child.js';
import { acme, asUser, sdkClient } from '../support/kefu.js';
import { emptySchema, type EmptySchema } from '../support/pg-schema.js';

const fixture = join(projectRoot, 'fixtures/example.json');
/** Rounds per answer: each one a chance for a stale answer, should the stamp lag behind a commit. */
const ROUNDS = 40;

describe('read-your-writes across two processes on PostgreSQL', { skip: withoutPostgres }, () => {
  let schema: EmptySchema;
  let one: ServingKefu;
  let two: ServingKefu;
  before(async () => {
    schema = await emptySchema('kefu_ryw');
    const args = ['--db', schema.url, '--fixture', fixture, '--rate-limit', 'off', '--log-level', 'warn'];
    // One after the other: the first migrates and loads the fixture, the second finds them done.
    one = await serveKefu(args);
    two = await serveKefu(args);
  });
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await schema?.drop();
  });

  const clients = () => [sdkClient(one.baseUrl, acme.app), sdkClient(two.baseUrl, acme.app)] as const;

  test('agent_skills: a renamed skill is listed under its new name by the other process, every time', async () => {
    const [a, b] = clients();
    const nameIn = async (client: typeof a) =>
      (await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential())).data!.agent_skills!.find((s) => s.id === 'skill-japanese')!.name;
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, reader] = round % 2 ? [b, a] : [a, b];
      // Twice, so the reader holds the answer in memory before the write.
      await nameIn(reader);
      const before = await nameIn(reader);
      const name = `Japanese ${round}`;
      assert.notEqual(before, name);
      const patched = await writer.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-japanese' }, data: { agent_skill: { name } } }, asUser(acme.ownerToken));
      assert.equal(patched.code, 0);
      assert.equal(await nameIn(reader), name, `round ${round}: the other process answered the name before the write`);
    }
  });

  test('a ticket list page: a ticket tagged through one process is found by that tag through the other, every time', async () => {
    const [a, b] = clients();
    const started = await a.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    const ticket_id = started.data!.ticket_id!;
    const tagged = async (client: typeof a, tag: string) =>
      (await client.helpdesk.ticket.list({ params: { tags: [tag] } as any }, lark.withHelpDeskCredential())).data!.tickets?.map((t) => t.ticket_id) ?? [];
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, reader] = round % 2 ? [b, a] : [a, b];
      const tag = `round-${round}`;
      await tagged(reader, tag);
      assert.deepEqual(await tagged(reader, tag), []);
      await writer.helpdesk.ticket.update({ path: { ticket_id }, data: { tag_names: [tag] } }, asUser(acme.ownerToken));
      assert.deepEqual(await tagged(reader, tag), [ticket_id], `round ${round}: the other process answered the page before the write`);
    }
  });

  test('a ticket list page: tickets that kefu generate adds from a third process are counted by both at once', async () => {
    const [a, b] = clients();
    const total = async (client: typeof a) => (await client.helpdesk.ticket.list({ params: { page_size: 1 } as any }, lark.withHelpDeskCredential())).data!.total!;
    const before = [await total(a), await total(a), await total(b), await total(b)];
    assert.equal(new Set(before).size, 1);
    const run = await runKefuAsync(['generate', '--db', schema.url, '--tickets', '25', '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '3']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([await total(a), await total(b)], [before[0]! + 25, before[0]! + 25]);
  });
});
