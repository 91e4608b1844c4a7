// kefu export: every matching ticket once, as the ticket list answers it; CSV that parses back; --since resumes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { CSV_COLUMNS } from '../../src/cli/export.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { Store } from '../../src/services/store.js';
import { runKefu, runKefuAsync } from '../support/child.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, DEFAULT_NOW, describeEachDatabase, exampleFixture, sdkClient } from '../support/kefu.js';

/** More than one batch of the walk (1,000), and more than a list page (200). */
const GENERATED = 1500;

type Ticket = Record<string, any>;

/** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      (record = []), (field = ''), i++;
    } else field += c;
  }
  assert.equal(field + record.join(''), '', 'the CSV ends with a full record');
  return records;
}

describeEachDatabase('kefu export', (dialect) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let client: lark.Client;
  before(async () => {
    db = await freshDatabase(dialect);
    await loadFixture(new Store(db.database), exampleFixture, DEFAULT_NOW);
    const run = runKefu(['generate', '--db', db.url, '--tickets', String(GENERATED), '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '3', '--until', '2026-11-20T00:00:00Z']);
    assert.equal(run.status, 0, run.stderr);
    app = await buildApp({ database: db.database });
    client = sdkClient(await app.listen({ port: 0, host: '127.0.0.1' }), acme.app);
  });
  after(async () => {
    await app.close();
    await db.dispose();
  });

  /**
   * Runs kefu export into a file and answers what it wrote. Not blocking: a blocked event loop would let the server's
   * keep-alive sweep close the SDK's idle socket just as the next request reuses it.
   */
  const exportRun = async (...args: string[]) => {
    const file = join(scratch, `export-${++runs}`);
    const run = await runKefuAsync(['export', '--db', db.url, '--helpdesk', acme.helpdesk.helpDeskId, '--output', file, ...args]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '', 'with --output, nothing on stdout');
    return { stdout: readFileSync(file, 'utf8'), stderr: run.stderr };
  };
  let runs = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'kefu-export-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const ndjson = (text: string): Ticket[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  const cursorOf = (stderr: string) => /--since (\S+)\n$/.exec(stderr)![1]!;

  /** Every ticket the list answers for these parameters, page by page, newest first. */
  async function listed(params: Record<string, unknown> = {}): Promise<Ticket[]> {
    const all: Ticket[] = [];
    for (let page = 1; ; page++) {
      const res = await client.helpdesk.ticket.list({ params: { ...params, page, page_size: 200 } as any }, lark.withHelpDeskCredential());
      all.push(...(res.data!.tickets ?? []));
      if (all.length >= res.data!.total!) return all;
    }
  }

  test('NDJSON: every ticket once, oldest first, each as GET /tickets answers it', async () => {
    const run = await exportRun();
    const exported = ndjson(run.stdout);
    assert.equal(exported.length, GENERATED + 2);
    assert.deepEqual(exported, (await listed()).reverse());
    assert.match(run.stderr, /^kefu export: 1,502 tickets; to go on from here: --since \d+_\d+\n$/);
  });

  test('the list\'s filters, by the same names: repeated status_list, solved, a creation range', async () => {
    const params = { status_list: [4, 50], solved: 1, create_time_start: Date.parse('2026-03-01T00:00:00Z'), create_time_end: Date.parse('2026-09-01T00:00:00Z') };
    const run = await exportRun('--status_list', '4', '--status_list', '50', '--solved', '1', '--create_time_start', String(params.create_time_start), '--create_time_end', String(params.create_time_end));
    const exported = ndjson(run.stdout);
    assert.ok(exported.length > 0, 'the filter matches some tickets');
    assert.deepEqual(exported, (await listed(params)).reverse());
  });

  test('CSV parses back to the NDJSON export, column by column', async () => {
    const tickets = ndjson((await exportRun()).stdout);
    const [header, ...records] = parseCsv((await exportRun('--format', 'csv')).stdout);
    assert.deepEqual(header, CSV_COLUMNS);
    assert.equal(records.length, tickets.length);
    records.forEach((record, i) => {
      const expected = CSV_COLUMNS.map((c) => (tickets[i]![c] === undefined ? '' : typeof tickets[i]![c] === 'object' ? JSON.stringify(tickets[i]![c]) : String(tickets[i]![c])));
      assert.deepEqual(record, expected, `record ${i}`);
    });
  });

  test('--since goes on after the cursor printed: no ticket twice, none missed; from the end, nothing', async () => {
    const full = ndjson((await exportRun()).stdout);
    const first = await exportRun('--limit', '700');
    const second = await exportRun('--since', cursorOf(first.stderr), '--limit', '700');
    const third = await exportRun('--since', cursorOf(second.stderr));
    assert.deepEqual([...ndjson(first.stdout), ...ndjson(second.stdout), ...ndjson(third.stdout)], full);
    assert.equal(ndjson(third.stdout).length, full.length - 1400);
    const none = await exportRun('--since', cursorOf(third.stderr));
    assert.equal(none.stdout, '');
  });

  test('a bad filter or cursor is a usage error naming it, before anything is written', () => {
    const badStatus = runKefu(['export', '--db', db.url, '--helpdesk', acme.helpdesk.helpDeskId, '--status_list', 'x']);
    assert.equal(badStatus.status, 2);
    assert.match(badStatus.stderr, /^kefu: --status_list/);
    assert.equal(badStatus.stdout, '');
    const badCursor = runKefu(['export', '--db', db.url, '--since', 'yesterday']);
    assert.equal(badCursor.status, 2);
    assert.match(badCursor.stderr, /--since must be a cursor/);
  });
});
