// POST /kefu/v1/images: a guest's or an agent's upload, multipart field `image`, at most 10 MiB, images by content.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { samples, upload } from '../../../../support/images.js';
import { acme, describeEachDatabase, globex, startKefu, type RunningKefu } from '../../../../support/kefu.js';
import { issueTenantToken } from '../../../../support/callers.js';

const TEN_MIB = 10 * 1024 * 1024;

describeEachDatabase('POST /kefu/v1/images', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const stored = async () => {
    const rows = await kefu.app.kefu.store.database.db.selectFrom('images').select(['image_key', 'tenant_key', 'uploaded_by', 'content_type', 'size']).orderBy('image_key').execute();
    return rows.map((r) => ({ ...r, size: Number(r.size) }));
  };
  const refusedWithNothingWritten = async (answer: Promise<{ status: number; body: any }>, status: number, code: number, field?: string) => {
    const before = await stored();
    const { status: got, body } = await answer;
    assert.equal(got, status, JSON.stringify(body));
    assert.equal(body.code, code);
    assert.deepEqual(body.data, {});
    if (field) assert.deepEqual(body.error.field_violations.map((v: any) => v.field), [field]);
    assert.deepEqual(await stored(), before);
  };

  test('a guest (no helpdesk header) and an agent (with one) upload each kept format; the type comes from the content', async () => {
    const cases: [keyof typeof samples, string, string][] = [
      ['png', 'image/png', acme.plainUserToken],
      ['jpeg', 'image/jpeg', acme.plainUserToken],
      ['gif', 'image/gif', acme.adminToken],
      ['webp', 'image/webp', acme.adminToken],
    ];
    for (const [name, type, token] of cases) {
      // The declared type and name are a lie on purpose: only the bytes count.
      const { status, body } = await upload(kefu.baseUrl, token, samples[name], { filename: 'x.txt', type: 'text/plain' });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.code, 0);
      assert.match(body.data.image_key, /^img_v3_[0-9a-f-]{36}$/);
      const row = (await stored()).find((r) => r.image_key === body.data.image_key)!;
      assert.deepEqual(row, { image_key: body.data.image_key, tenant_key: 'acme', uploaded_by: token === acme.adminToken ? acme.admin : acme.plain, content_type: type, size: samples[name].length });
    }
  });

  test('exactly 10 MiB is kept', async () => {
    const big = Buffer.alloc(TEN_MIB);
    samples.png.copy(big);
    const { status, body } = await upload(kefu.baseUrl, acme.plainUserToken, big);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal((await stored()).find((r) => r.image_key === body.data.image_key)!.size, TEN_MIB);
  });

  test('one byte over 10 MiB is 413/154000, and so is a body declared far larger; nothing is kept', async () => {
    const over = Buffer.alloc(TEN_MIB + 1);
    samples.png.copy(over);
    await refusedWithNothingWritten(upload(kefu.baseUrl, acme.plainUserToken, over), 413, 154000);
    const far = Buffer.alloc(TEN_MIB + 512 * 1024);
    samples.png.copy(far);
    await refusedWithNothingWritten(upload(kefu.baseUrl, acme.plainUserToken, far), 413, 154000);
  });

  test('what is not a PNG, JPEG, GIF or WebP is 400/154000 naming image, whatever it claims to be', async () => {
    const cases = [Buffer.from('just some text, not a picture'), Buffer.from('%PDF-1.7\n'), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.alloc(0), samples.png.subarray(0, 4)];
    for (const bytes of cases) await refusedWithNothingWritten(upload(kefu.baseUrl, acme.plainUserToken, bytes, { filename: 'a.png', type: 'image/png' }), 400, 154000, 'image');
  });

  test('the wrong field, or no multipart body at all, is 400/154000 saying what is missing', async () => {
    await refusedWithNothingWritten(upload(kefu.baseUrl, acme.plainUserToken, samples.png, { field: 'file' }), 400, 154000, 'image');
    const json = fetch(`${kefu.baseUrl}/kefu/v1/images`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${acme.plainUserToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ image: samples.png.toString('base64') }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
    await refusedWithNothingWritten(json, 400, 154000, 'Content-Type');
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = fetch(`${kefu.baseUrl}/kefu/v1/images`, { method: 'POST', headers: { Authorization: `Bearer ${acme.plainUserToken}` }, body: form }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await refusedWithNothingWritten(noFile, 400, 154000, 'image');
  });

  test('who may not upload: no token, a tenant token, an expired user token, a read-only app', async () => {
    await refusedWithNothingWritten(upload(kefu.baseUrl, undefined, samples.png), 400, 99991661);
    await refusedWithNothingWritten(upload(kefu.baseUrl, await issueTenantToken(kefu.baseUrl, acme.app), samples.png), 403, 154003);
    await refusedWithNothingWritten(upload(kefu.baseUrl, acme.ownerExpiredToken, samples.png), 400, 99991668);
    await refusedWithNothingWritten(upload(kefu.baseUrl, acme.ownerReadonlyToken, samples.png), 400, 99991672);
  });

  test("an upload belongs to the uploader's tenant, whatever helpdesk header comes with it", async () => {
    const { body } = await upload(kefu.baseUrl, globex.ownerToken, samples.gif, { headers: { 'X-Lark-Helpdesk-Authorization': 'Bearer ' + Buffer.from(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`).toString('base64') } });
    assert.equal(body.code, 0);
    assert.equal((await stored()).find((r) => r.image_key === body.data.image_key)!.tenant_key, 'globex');
  });
});
