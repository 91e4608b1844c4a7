// validateTicketCustomizedFields: what PUT tickets runs on a ticket's customized_fields, against a real database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mergeTicketFieldValues } from '../../src/domain/customized-fields.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { ApiError } from '../../src/platform/errors.js';
import { validateTicketCustomizedFields } from '../../src/services/customized-fields-service.js';
import { Store } from '../../src/services/store.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, describeEachDatabase, exampleFixture, globex } from '../support/kefu.js';

const device = { id: '123', key_name: 'device', display_name: 'Device', position: 1, required: true, editable: true };
const region = { id: '124', key_name: 'region', display_name: 'Region', position: 2, required: false, editable: true };

describeEachDatabase('validateTicketCustomizedFields', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  before(async () => {
    db = await freshDatabase(dialect);
    store = new Store(db.database);
    await loadFixture(store, exampleFixture, 1);
  });
  after(() => db.dispose());

  const check = (fields: any[], helpdesk = acme.helpdesk.helpDeskId) => store.write((repos) => validateTicketCustomizedFields(repos, helpdesk, fields));
  const faultsOf = async (fields: any[], helpdesk?: string) => {
    const error = await check(fields, helpdesk).then(() => undefined, (e) => e);
    assert.ok(error instanceof ApiError, String(error));
    assert.deepEqual([error.row.status, error.row.code], [400, 154000]);
    return error.details.fieldViolations!.map((v) => v.field);
  };

  test('fields named by id or by key_name come back as the ticket answers them', async () => {
    assert.deepEqual(await check([{ id: '124', value: 'sh' }, { key_name: 'device', value: 'laptop' }]), [
      { ...region, value: 'sh' },
      { ...device, value: 'laptop' },
    ]);
    assert.deepEqual(await check([{ id: '123', key_name: 'device', value: '' }]), [{ ...device, value: '' }]);
  });

  test('each fault is named: unknown id, unknown key_name, id and key_name of different fields, no value, a field twice', async () => {
    assert.deepEqual(await faultsOf([{ id: '123', value: 'a' }, { id: '999', value: 'b' }]), ['customized_fields[1].id']);
    assert.deepEqual(await faultsOf([{ key_name: 'nope', value: 'b' }]), ['customized_fields[0].key_name']);
    assert.deepEqual(await faultsOf([{ id: '123', key_name: 'region', value: 'b' }]), ['customized_fields[0].key_name']);
    assert.deepEqual(await faultsOf([{ id: '123' }]), ['customized_fields[0].value']);
    assert.deepEqual(await faultsOf([{ value: 'b' }]), ['customized_fields[0].id']);
    assert.deepEqual(await faultsOf([{ id: '123', value: 'a' }, { key_name: 'device', value: 'b' }]), ['customized_fields[1].id']);
  });

  test("another helpdesk's field is unknown here, and this one's there", async () => {
    assert.deepEqual(await faultsOf([{ id: '7770000000000000001', value: 'x' }]), ['customized_fields[0].id']);
    assert.deepEqual(await faultsOf([{ id: '123', value: 'x' }], globex.helpdesk.helpDeskId), ['customized_fields[0].id']);
  });
});

test('merging: a given value replaces its own, "" removes it, the rest stay; ordered by position', () => {
  const current = [{ ...region, value: 'eu' }, { ...device, value: 'laptop' }];
  assert.deepEqual(mergeTicketFieldValues(current, [{ ...device, value: 'phone' }]), [{ ...device, value: 'phone' }, { ...region, value: 'eu' }]);
  assert.deepEqual(mergeTicketFieldValues(current, [{ ...region, value: '' }]), [{ ...device, value: 'laptop' }]);
  assert.deepEqual(mergeTicketFieldValues([], [{ ...region, value: 'asia' }]), [{ ...region, value: 'asia' }]);
});
