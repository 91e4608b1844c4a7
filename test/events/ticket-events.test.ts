import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeFor } from '../../src/events/envelope.js';
import { messageCreatedEvent, ticketObject, ticketUpdatedEvent } from '../../src/events/ticket-events.js';

const snapshot = {
  ticket_id: '7000000000000000009', helpdesk_id: '7000000000000000001', guest_id: 'ou_g', ticket_type: 2, status: 1, score: 0,
  created_at: 1, updated_at: 2, closed_at: 0, channel: 9, solve: 1, chat_id: 'oc_c', agent_ids: ['ou_a'], closed_by_id: null,
};

test('ticket objects: guest and agents as {id: {open_id}, name}; no closed_by until closed; old_object as given', () => {
  const object = ticketObject(snapshot, (id) => (id === 'ou_g' ? 'Guest' : 'Agent'));
  assert.deepEqual(object.guest, { id: { open_id: 'ou_g' }, name: 'Guest' });
  assert.deepEqual(object.agents, [{ id: { open_id: 'ou_a' }, name: 'Agent' }]);
  assert.equal('closed_by' in object, false);
  assert.equal(object.stage, 2);
  assert.deepEqual(ticketUpdatedEvent(object, { status: 3, updated_at: -1 }).old_object, { status: 3, updated_at: -1 });
});

test('a message event: position a string, no sender_id for the bot, the image key in content', () => {
  const base = { ticket_message_id: '1', message_id: 'om_x', event_id: 'e-1', chat_id: 'oc_c', position: 7, msg_type: 'image', content: { image_key: 'img_k' }, text: '[image]' };
  const bot = messageCreatedEvent({ ...base, sender_type: 1, sender_id: null }, { ticket_id: 't', status: 1, ticket_type: 1 });
  assert.equal(bot.position, '7');
  assert.equal('sender_id' in bot, false);
  assert.deepEqual(bot.content, { content: '{"image_key":"img_k"}', msg_type: 'image', image_keys: ['img_k'], image_key: 'img_k' });
  const guest = messageCreatedEvent({ ...base, msg_type: 'text', content: { text: 'hi' }, text: 'hi', sender_type: 2, sender_id: 'ou_g' }, { ticket_id: 't', status: 1, ticket_type: 1 });
  assert.deepEqual(guest.sender_id, { open_id: 'ou_g' });
  assert.deepEqual(guest.content, { content: 'hi', msg_type: 'text' });
});

test("an app's v2 envelope: create_time in ms as a string, the app's token and id in the header", () => {
  const row = { seq: 1, event_id: 'a'.repeat(32), event_type: 'helpdesk.ticket.created_v1', tenant_key: 'acme', helpdesk_id: 'h', ticket_id: 't', create_time: 1700000000000, event: '{"ticket_id":"t"}' };
  assert.deepEqual(envelopeFor(row, { app_id: 'cli_x', verification_token: 'vt' }), {
    schema: '2.0',
    header: { event_id: 'a'.repeat(32), event_type: 'helpdesk.ticket.created_v1', create_time: '1700000000000', token: 'vt', app_id: 'cli_x', tenant_key: 'acme' },
    event: { ticket_id: 't' },
  });
});
