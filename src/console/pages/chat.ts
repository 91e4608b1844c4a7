// The guest's chat, standing in for Feishu's chat window: start service, talk, ask for a human, close with a score.
// Every signed-in person may open it: in it they are the helpdesk's guest, as anyone in the tenant may be.
import type { FastifyInstance } from 'fastify';
import type { Caller } from '../../platform/credentials.js';
import { localTime, messageText } from '../format.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from '../layout.js';
import { field, sendPage, type ConsoleServices, type FormBody } from '../plugin.js';
import type { Visit } from '../visit.js';

export function chatPages(app: FastifyInstance, s: ConsoleServices): void {
  const { messages, lifecycle } = app.kefu;
  const chatOf = (visit: Visit) => s.people.serviceChat(visit.helpdesk.helpdesk_id, visit.person.open_id);

  app.get('/console/chat', { schema: { hide: true } }, async (request, reply) => {
    const visit = request.visit;
    const chat_id = await chatOf(visit);
    const body = chat_id
      ? html`
<div data-live="/console/chat/live?helpdesk=${visit.helpdesk.helpdesk_id}">${await conversation(visit.caller, chat_id, visit.helpdesk.time_zone)}</div>
<form method="post" action="/console/chat/messages">${csrfField(visit)}
<label for="message">Message</label>
<textarea id="message" name="text" rows="2" required></textarea>
<button>Send</button>
</form>
<form method="post" action="/console/chat/human" class="inline">${csrfField(visit)}<button class="secondary">Ask for a human</button></form>
<form method="post" action="/console/chat/close">${csrfField(visit)}
<fieldset><legend>Close the chat</legend>
<label>Score <select name="score"><option value="">No score</option><option value="3">3 (good)</option><option value="2">2</option><option value="1">1 (poor)</option></select></label>
<button>Close the chat</button>
</fieldset>
</form>`
      : html`
<p>Write to ${visit.helpdesk.name}: the helpdesk's bot answers first, and a person when you ask for one.</p>
<form method="post" action="/console/chat/start">${csrfField(visit)}
<label><input type="checkbox" name="human_service" value="true"> Talk to a person right away</label>
<button>Start service</button>
</form>`;
    return sendPage(reply, page({ title: `Chat with ${visit.helpdesk.name}`, section: 'Chat', body, visit }));
  });

  app.get('/console/chat/live', { schema: { hide: true } }, async (request, reply) => {
    const visit = request.visit;
    const chat_id = await chatOf(visit);
    s.live.stream(request, reply, async () => (chat_id ? conversation(visit.caller, chat_id, visit.helpdesk.time_zone) : html``));
  });

  const post = (path: string, act: (visit: Visit, body: FormBody, chat_id: string | undefined) => Promise<unknown>) =>
    app.post(`/console/chat/${path}`, { schema: { hide: true } }, async (request, reply) => {
      await act(request.visit, request.body as FormBody, await chatOf(request.visit));
      return reply.redirect('/console/chat', 303);
    });
  post('start', (v, b) => lifecycle.guestStart(v.caller, v.helpdesk.helpdesk_id, field(b, 'human_service') === 'true'));
  post('messages', async (v, b, chat_id) => {
    const id = chat_id ?? (await lifecycle.guestStart(v.caller, v.helpdesk.helpdesk_id, false)).chat_id;
    return messages.guestMessage(v.caller, id, { msg_type: 'text', content: { text: field(b, 'text') } });
  });
  post('human', (v, _b, chat_id) => (chat_id ? lifecycle.transfer(v.caller, chat_id) : lifecycle.guestStart(v.caller, v.helpdesk.helpdesk_id, true)));
  post('close', (v, b, chat_id) => {
    const score = field(b, 'score');
    return lifecycle.guestClose(v.caller, chat_id ?? '', score === '' ? undefined : Number(score));
  });

  /** The latest 200 messages of the guest's chat, the guest's own on the right side of the meaning: "You". */
  async function conversation(caller: Caller, chat_id: string, tz: string): Promise<Html> {
    const first = await messages.listChatMessages(caller, chat_id, { page: 1, page_size: 200 });
    const last = first.total > 200 ? await messages.listChatMessages(caller, chat_id, { page: Math.ceil(first.total / 200), page_size: 200 }) : first;
    if (last.messages.length === 0) return html`<p class="muted">No messages yet.</p>`;
    return html`<div class="conversation" role="log" aria-label="Conversation"><ol>${last.messages.map((m) => {
      const mine = m.user_id === caller.open_id;
      return html`<li class="${mine ? 'guest' : m.user_id === undefined ? 'bot' : 'agent'}"><div class="meta">${mine ? 'You' : (m.user_name ?? '')} · ${localTime(m.created_at, tz)}</div><div>${messageText(m)}</div></li>`;
    })}</ol></div>`;
  }
}
