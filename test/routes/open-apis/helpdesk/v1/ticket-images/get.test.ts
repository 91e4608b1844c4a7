// GET /open-apis/helpdesk/v1/ticket_images through the official SDK (ticket.ticketImage answers a file): the bytes
// of an image in a ticket message, by ticket message id or message_id, and every refusal a non-2xx JSON envelope.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bytesOf, fileFailure, samples, upload } from '../../../../../support/images.js';
import { acme, asHelpdesk, describeEachDatabase, globex, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { eventsSince, kefuCall, kefuOk, outbox } from '../../../../../support/lifecycle.js';

const ticketId = '6626871355780366331';
const otherTicketId = '6626871355780366332';
const chatId = `oc_${'c'.repeat(32)}`;

describeEachDatabase('GET /open-apis/helpdesk/v1/ticket_images', (dialect) => {
  let kefu: RunningKefu;
  const keys: Record<string, string> = {};
  const messages = { image: 'tm-image', post: 'tm-post', text: 'tm-text', elsewhere: 'tm-elsewhere', gone: 'tm-gone', foreign: 'tm-foreign' };

  before(async () => {
    kefu = await startKefu(dialect);
    for (const name of ['png', 'jpeg', 'gif'] as const) keys[name] = (await upload(kefu.baseUrl, acme.plainUserToken, samples[name])).body.data.image_key;
    keys.globex = (await upload(kefu.baseUrl, globex.ownerToken, samples.webp)).body.data.image_key;
    // Messages as the lifecycle stores them (its guest API is not what this suite tests).
    const db = kefu.app.kefu.store.database.db;
    const tickets = await db.selectFrom('tickets').select(['ticket_id', 'guest_id']).where('ticket_id', 'in', [ticketId, otherTicketId]).execute();
    const guest = tickets.find((t) => t.ticket_id === ticketId)!.guest_id;
    await db.insertInto('chats').values({ chat_id: chatId, helpdesk_id: acme.helpdesk.helpDeskId, guest_id: guest, kind: 'service', created_at: 1 }).execute();
    const post = { zh_cn: { title: 'two pictures', content: [[{ tag: 'text', text: 'first' }, { tag: 'img', image_key: keys.png }], [{ tag: 'img', image_key: keys.gif }]] } };
    const rows: [string, string, string | null, string, unknown][] = [
      [messages.image, 'om_image', ticketId, 'image', { image_key: keys.jpeg }],
      [messages.post, 'om_post', ticketId, 'post', post],
      [messages.text, 'om_text', ticketId, 'text', { text: 'hello' }],
      [messages.elsewhere, 'om_elsewhere', otherTicketId, 'image', { image_key: keys.png }],
      [messages.gone, 'om_gone', ticketId, 'image', { image_key: 'img_v3_00000000-0000-0000-0000-000000000000' }],
      [messages.foreign, 'om_foreign', ticketId, 'image', { image_key: keys.globex }],
    ];
    await db
      .insertInto('messages')
      .values(
        rows.map(([ticket_message_id, message_id, ticket_id, msg_type, content], i) => ({
          ticket_message_id, message_id, event_id: `ev-${i}`, helpdesk_id: acme.helpdesk.helpDeskId, chat_id: chatId, ticket_id,
          position: i + 1, sender_type: 2, sender_id: guest, msg_type, content: JSON.stringify(content), text: '', created_at: 1 + i,
        })),
      )
      .execute();
  });
  after(() => kefu.close());

  const image = (params: { ticket_id: string; msg_id: string; index?: number }, client = sdkClient(kefu.baseUrl, acme.app)) =>
    client.helpdesk.ticket.ticketImage({ params }, asHelpdesk());

  test('an image message answers its bytes, by ticket message id and by message_id, with type and file name', async () => {
    for (const msg_id of [messages.image, 'om_image']) {
      const file = await image({ ticket_id: ticketId, msg_id });
      assert.deepEqual(await bytesOf(file.getReadableStream()), samples.jpeg);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      assert.equal(file.headers['content-disposition'], `attachment; filename="${keys.jpeg}.jpg"`);
    }
  });

  test('a post answers the image at each 0-based index; writeFile saves the same bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-ticket-image-'));
    try {
      await (await image({ ticket_id: ticketId, msg_id: messages.post, index: 0 })).writeFile(join(dir, 'first.png'));
      assert.deepEqual(await readFile(join(dir, 'first.png')), samples.png);
      const second = await image({ ticket_id: ticketId, msg_id: 'om_post', index: 1 });
      assert.deepEqual(await bytesOf(second.getReadableStream()), samples.gif);
      assert.equal(second.headers['content-type'], 'image/gif');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  test('an index a post lacks or needs, or a message with no image, is 400/154000 naming it', async () => {
    const cases: [{ ticket_id: string; msg_id: string; index?: number }, string][] = [
      [{ ticket_id: ticketId, msg_id: messages.post }, 'index'],
      [{ ticket_id: ticketId, msg_id: messages.post, index: 2 }, 'index'],
      [{ ticket_id: ticketId, msg_id: messages.image, index: 1 }, 'index'],
      [{ ticket_id: ticketId, msg_id: messages.text }, 'msg_id'],
    ];
    for (const [params, field] of cases) {
      const { status, body } = await fileFailure(image(params));
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.code, 154000);
      assert.deepEqual(body.data, {});
      assert.deepEqual(body.error.field_violations.map((v: any) => v.field), [field]);
    }
  });

  test('unknown ticket, unknown message, or a message of another ticket: 404/154004', async () => {
    for (const params of [
      { ticket_id: '999', msg_id: messages.image },
      { ticket_id: ticketId, msg_id: 'tm-nothing' },
      { ticket_id: ticketId, msg_id: messages.elsewhere },
      { ticket_id: otherTicketId, msg_id: messages.image },
    ]) {
      const { status, body } = await fileFailure(image(params));
      assert.deepEqual([status, body.code, body.data], [404, 154004, {}], JSON.stringify(params));
    }
  });

  test('a key whose image is not there answers 401/154404, and so does another tenant\'s image', async () => {
    for (const msg_id of [messages.gone, messages.foreign]) {
      const { status, body } = await fileFailure(image({ ticket_id: ticketId, msg_id }));
      assert.deepEqual([status, body.code, body.msg], [401, 154404, 'Image might be deleted']);
    }
  });

  test("a guest's image sent through Kefu's guest API comes back by either id the messages list answers", async () => {
    const chat = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, acme.plainUserToken, { human_service: true });
    const { image_key } = (await upload(kefu.baseUrl, acme.plainUserToken, samples.webp)).body.data;
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat.chat_id}/messages`, acme.plainUserToken, { msg_type: 'image', content: { image_key } });
    const listed = (await sdkClient(kefu.baseUrl, acme.app).helpdesk.ticketMessage.list({ path: { ticket_id: chat.ticket_id }, params: { page: 1, page_size: 50 } }, asHelpdesk())).data!;
    const sent = listed.messages!.find((m) => m.message_type === 'image')!;
    for (const msg_id of [sent.id!, sent.message_id!]) {
      const file = await image({ ticket_id: chat.ticket_id, msg_id });
      assert.deepEqual(await bytesOf(file.getReadableStream()), samples.webp);
      assert.equal(file.headers['content-type'], 'image/webp');
    }
  });

  test('a message may name only images uploaded to its tenant; a post event lists its image_keys in reading order', async () => {
    const chat = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, acme.plainUserToken, { human_service: true });
    const messagesBefore = await kefu.app.kefu.store.database.db.selectFrom('messages').select('ticket_message_id').execute();
    for (const image_key of ['img_v3_never-uploaded', keys.globex]) {
      const refused = await kefuCall(kefu, 'POST', `/kefu/v1/chats/${chat.chat_id}/messages`, acme.plainUserToken, { msg_type: 'image', content: { image_key } });
      assert.deepEqual([refused.status, refused.body.code, refused.body.error.field_violations[0].field], [400, 154000, 'content']);
    }
    assert.equal((await kefu.app.kefu.store.database.db.selectFrom('messages').select('ticket_message_id').execute()).length, messagesBefore.length);
    const before = await outbox(kefu);
    const post = { zh_cn: { title: 't', content: [[{ tag: 'img', image_key: keys.gif }, { tag: 'text', text: 'and' }, { tag: 'img', image_key: keys.png }]] } };
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat.chat_id}/messages`, acme.plainUserToken, { msg_type: 'post', content: post });
    const event = (await eventsSince(kefu, before)).find((e) => e.event_type === 'helpdesk.ticket_message.created_v1')!;
    assert.deepEqual(event.event.content.image_keys, [keys.gif, keys.png]);
    assert.equal('image_key' in event.event.content, false);
  });

  test("another tenant's app reaches none of it by any id", async () => {
    const globexClient = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk);
    for (const msg_id of [messages.image, 'om_image', messages.post]) {
      const { status, body } = await fileFailure(image({ ticket_id: ticketId, msg_id, index: 0 }, globexClient));
      assert.deepEqual([status, body.code], [404, 154004]);
      assert.equal(JSON.stringify(body).includes(keys.jpeg), false);
    }
  });
});
