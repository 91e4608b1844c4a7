// Agents' pages: the ticket lists (theirs first, then all with the API's filters), a ticket with its live
// conversation, what an agent may change on it, and its routing record; and the agent's own online / offline status.
import type { FastifyInstance } from 'fastify';
import type { Helpdesk } from '../../repositories/helpdesks-repository.js';
import type { ListTicketsQuery, TicketView } from '../../schemas/tickets.js';
import type { AgentScheduleView } from '../../services/agents-service.js';
import { dayStartIn, localTime, messageText, statusName, STATUS_NAMES } from '../format.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from '../layout.js';
import { field, sendPage, type ConsoleServices, type FormBody } from '../plugin.js';
import { ConsoleRefusal, type Visit } from '../visit.js';

const PAGE_SIZE = 50;
/** The statuses an agent sets by hand (lifecycle.md): back to processing, pending, waiting for the user, closed. */
const SETTABLE = [2, 4, 5, 51];

type Query = Record<string, string | string[] | undefined>;
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== '');
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function ticketPages(app: FastifyInstance, s: ConsoleServices): void {
  const { messages, lifecycle, routing } = app.kefu;

  app.get('/console/tickets', { schema: { hide: true }, config: { console: 'agent' } }, async (request, reply) => {
    const visit = request.visit;
    const q = request.query as Query;
    const me = await ownAgent(s, visit);
    // An agent starts on their own queue; an admin or owner who serves no tickets, on all of them.
    const mine = one(q.view) === '' ? me !== undefined : one(q.view) !== 'all';
    const tz = visit.helpdesk.time_zone;
    const from = dayStartIn(one(q.created_from), tz);
    const to = dayStartIn(one(q.created_to), tz, true);
    const statuses = list(q.status_list).map(Number);
    const query: ListTicketsQuery = {
      page: Math.max(1, Number(one(q.page)) || 1),
      page_size: PAGE_SIZE,
      ...(mine ? { agent_id: visit.person.open_id } : {}),
      ...(statuses.length > 0 ? { status_list: statuses } : {}),
      ...(list(q.tags).length > 0 ? { tags: list(q.tags).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean) } : {}),
      ...(one(q.guest_name) ? { guest_name: one(q.guest_name) } : {}),
      ...(from !== undefined || to !== undefined ? { create_time_start: from ?? 0, create_time_end: to ?? 253402300799999 } : {}),
    };
    const { total, tickets } = await s.tickets.list(visit.helpdesk, query);
    const body = html`
${me ? statusForm(visit, me) : ''}
<form method="get" action="/console/tickets" class="filters" aria-label="Filter tickets">
<fieldset><legend>Filter</legend>
<label>Show <select name="view"><option value="mine"${mine ? html` selected` : ''}>My tickets</option><option value="all"${mine ? '' : html` selected`}>All tickets</option></select></label>
<label>Status <select name="status_list" multiple size="3">${Object.entries(STATUS_NAMES).map(([n, name]) => html`<option value="${n}"${statuses.includes(Number(n)) ? html` selected` : ''}>${name}</option>`)}</select></label>
<label>Tags <input name="tags" value="${list(q.tags).join(',')}" placeholder="vip, billing"></label>
<label>Guest name <input name="guest_name" value="${one(q.guest_name)}"></label>
<label>Created from <input type="date" name="created_from" value="${one(q.created_from)}"></label>
<label>Created to <input type="date" name="created_to" value="${one(q.created_to)}"></label>
<button>Filter</button>
</fieldset>
</form>
<h2>${mine ? 'My tickets' : 'All tickets'} <span class="muted">(${total})</span></h2>
${tickets.length === 0 ? html`<p>No tickets match.</p>` : ticketTable(tickets, tz)}
${pager(request.url, query.page, total)}`;
    return sendPage(reply, page({ title: 'Tickets', section: 'Tickets', body, visit }));
  });

  app.post('/console/me/status', { schema: { hide: true }, config: { console: 'agent' } }, async (request, reply) => {
    const status = Number(field(request.body as FormBody, 'status'));
    if (status !== 1 && status !== 2) throw new ConsoleRefusal(400, 'Status must be Online or Offline.');
    await s.agents.setStatus(request.visit.helpdesk, request.visit.person.open_id, status);
    return reply.redirect('/console/tickets', 303);
  });

  app.get('/console/tickets/:ticket_id', { schema: { hide: true }, config: { console: 'agent' } }, async (request, reply) => {
    const visit = request.visit;
    const { ticket_id } = request.params as { ticket_id: string };
    const ticket = await s.tickets.get(visit.helpdesk, ticket_id);
    const [conversation, decisions, defined, names] = await Promise.all([
      conversationOf(visit.helpdesk, ticket),
      routing.decisions(visit.helpdesk, ticket_id),
      s.fields.listAll(visit.helpdesk, false),
      agentNames(s, visit.helpdesk),
    ]);
    const tz = visit.helpdesk.time_zone;
    const closed = ticket.status > 5;
    const action = (path: string) => `/console/tickets/${encodeURIComponent(ticket_id)}/${path}`;
    const values = new Map((ticket.customized_fields ?? []).map((f) => [f.id, f.value]));
    const body = html`
<p><span class="status">${statusName(ticket.status)}</span> · ${ticket.ticket_type === 2 ? 'Human' : 'Bot'} service · guest <strong>${ticket.guest?.name ?? ticket.guest?.id ?? ''}</strong>
· created ${localTime(ticket.created_at, tz)}${ticket.agents?.length ? html` · agents ${ticket.agents.map((a) => a.name ?? a.id).join(', ')}` : ''}</p>
<div class="columns">
<section aria-labelledby="conversation-title">
<h2 id="conversation-title">Conversation</h2>
<div data-live="${action('live')}">${conversation}</div>
${closed ? html`<p class="muted">The ticket is closed: it takes no more messages.</p>` : html`
<form method="post" action="${action('replies')}">${csrfField(visit)}
<label for="reply">Reply</label>
<textarea id="reply" name="text" rows="3" required></textarea>
<button>Send</button>
</form>`}
</section>
<section aria-labelledby="manage-title">
<h2 id="manage-title">Manage</h2>
${closed ? '' : html`
<form method="post" action="${action('status')}">${csrfField(visit)}
<label for="status">Status</label> <select id="status" name="status">${SETTABLE.map((n) => html`<option value="${n}"${n === ticket.status ? html` selected` : ''}>${statusName(n).replace('Closed by an agent', 'Closed')}</option>`)}</select>
<button>Set status</button>
</form>`}
<form method="post" action="${action('tags')}">${csrfField(visit)}
<label>Tags <input name="tags" placeholder="comma separated; replaces the ticket's tags"></label>
<button>Save tags</button>
</form>
<form method="post" action="${action('comments')}">${csrfField(visit)}
<label for="comment">Comment</label>
<textarea id="comment" name="comment" rows="2" required></textarea>
<button>Add comment</button>
</form>
${ticket.comments ? html`<h3>Comments</h3><p>${ticket.comments.content ?? ''}</p>` : ''}
${defined.ticket_customized_fields.length === 0 ? '' : html`
<form method="post" action="${action('fields')}">${csrfField(visit)}
<fieldset><legend>Customized fields</legend>
${defined.ticket_customized_fields.map((f) => html`<label>${f.display_name} <input name="field_${f.ticket_customized_field_id}" value="${values.get(f.ticket_customized_field_id) ?? ''}"></label>`)}
</fieldset>
<button>Save fields</button>
</form>`}
</section>
</div>
<section aria-labelledby="routing-title">
<h2 id="routing-title">Why this agent</h2>
${decisions.length === 0 ? html`<p>No routing decision: the ticket never reached the human stage.</p>` : decisions.map((d) => html`
<table>
<caption>${localTime(d.at_ms, tz)}: ${d.trigger.replace('_', ' ')} → ${d.outcome === 'assigned' ? html`assigned to ${names.get(d.agent_id!) ?? d.agent_id}` : 'queued'}</caption>
<thead><tr><th scope="col">Agent</th><th scope="col">Result</th></tr></thead>
<tbody>${d.agents.map((a) => html`<tr><td>${names.get(a.agent_id) ?? a.agent_id}</td><td>${a.result.replace(/_/g, ' ')}</td></tr>`)}</tbody>
</table>
<p class="muted">Skills: ${d.skills.map((k) => `${k.skill_id} ${k.matched ? 'matched' : `did not match (rule ${k.failed_rule_id})`}`).join('; ') || 'none'}</p>`)}
</section>`;
    return sendPage(reply, page({ title: `Ticket ${ticket_id}`, section: 'Tickets', body, visit }));
  });

  app.get('/console/tickets/:ticket_id/live', { schema: { hide: true }, config: { console: 'agent' } }, async (request, reply) => {
    const { ticket_id } = request.params as { ticket_id: string };
    const helpdesk = request.visit.helpdesk;
    await s.tickets.get(helpdesk, ticket_id);
    s.live.stream(request, reply, async () => conversationOf(helpdesk, await s.tickets.get(helpdesk, ticket_id)));
  });

  const post = (path: string, act: (visit: Visit, ticket_id: string, body: FormBody) => Promise<unknown>) =>
    app.post(`/console/tickets/:ticket_id/${path}`, { schema: { hide: true }, config: { console: 'agent' } }, async (request, reply) => {
      const { ticket_id } = request.params as { ticket_id: string };
      await act(request.visit, ticket_id, request.body as FormBody);
      return reply.redirect(`/console/tickets/${encodeURIComponent(ticket_id)}`, 303);
    });
  post('replies', (v, id, b) => messages.agentReply(v.helpdesk, v.caller, id, { msg_type: 'text', content: { text: field(b, 'text') } }));
  post('status', (v, id, b) => lifecycle.update(v.helpdesk, v.caller, id, { status: Number(field(b, 'status')) }));
  post('tags', (v, id, b) => lifecycle.update(v.helpdesk, v.caller, id, { tag_names: field(b, 'tags').split(',').map((t) => t.trim()).filter(Boolean) }));
  post('comments', (v, id, b) => lifecycle.update(v.helpdesk, v.caller, id, { comment: field(b, 'comment') }));
  post('fields', (v, id, b) =>
    lifecycle.update(v.helpdesk, v.caller, id, {
      // An empty box leaves its field as it is.
      customized_fields: Object.keys(b)
        .filter((k) => k.startsWith('field_') && field(b, k) !== '')
        .map((k) => ({ id: k.slice('field_'.length), value: field(b, k) })),
    }),
  );

  /** The conversation of a ticket as the page and its live region show it (the latest 200 messages). */
  async function conversationOf(helpdesk: Helpdesk, ticket: TicketView): Promise<Html> {
    const first = await messages.listTicketMessages(helpdesk, ticket.ticket_id, { page: 1, page_size: 200 });
    const last = first.total > 200 ? await messages.listTicketMessages(helpdesk, ticket.ticket_id, { page: Math.ceil(first.total / 200), page_size: 200 }) : first;
    return html`<p class="muted">${statusName(ticket.status)} · ${first.total} messages</p>
<div class="conversation" role="log" aria-label="Conversation"><ol>${last.messages.map((m) => {
      const who = m.user_id === undefined ? 'bot' : m.user_id === ticket.guest?.id ? 'guest' : 'agent';
      return html`<li class="${who}"><div class="meta">${m.user_name ?? ''} · ${localTime(m.created_at, helpdesk.time_zone)}</div><div>${messageText(m)}</div></li>`;
    })}</ol></div>`;
  }
}

function ticketTable(tickets: TicketView[], tz: string): Html {
  return html`<table>
<thead><tr><th scope="col">Ticket</th><th scope="col">Guest</th><th scope="col">Status</th><th scope="col">Agent</th><th scope="col">Created</th></tr></thead>
<tbody>${tickets.map(
    (t) => html`<tr><td><a href="/console/tickets/${t.ticket_id}">Ticket ${t.ticket_id}</a></td><td>${t.guest?.name ?? ''}</td><td>${statusName(t.status)}</td><td>${t.agent_owner?.name ?? ''}</td><td>${localTime(t.created_at, tz)}</td></tr>`,
  )}</tbody></table>`;
}

function pager(url: string, current: number, total: number): Html {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return html``;
  const to = (n: number) => {
    const u = new URL(url, 'http://x');
    u.searchParams.set('page', String(n));
    return `${u.pathname}${u.search}`;
  };
  return html`<nav aria-label="Pages"><p>${current > 1 ? html`<a href="${to(current - 1)}">Previous page</a> ` : ''}Page ${current} of ${pages}${current < pages && current * PAGE_SIZE < 10_000 ? html` <a href="${to(current + 1)}">Next page</a>` : ''}</p></nav>`;
}

/** The visitor as an agent of the helpdesk, when they are one. */
async function ownAgent(s: ConsoleServices, visit: Visit): Promise<AgentScheduleView | undefined> {
  return s.agents.getSchedule(visit.helpdesk, visit.person.open_id).catch(() => undefined);
}

const AGENT_STATUS = { 1: 'Online', 2: 'Offline', 3: 'Online, off duty now', 4: 'Removed' } as const;

function statusForm(visit: Visit, me: AgentScheduleView): Html {
  return html`<form method="post" action="/console/me/status" aria-label="My status">${csrfField(visit)}
<p>My status: <strong>${AGENT_STATUS[me.status]}</strong>
<label>Set my status <select name="status"><option value="1">Online</option><option value="2"${me.status === 2 ? html` selected` : ''}>Offline</option></select></label>
<button>Save status</button></p></form>`;
}

/** Agent names by open_id, removed agents included (routing records name them). */
export async function agentNames(s: ConsoleServices, helpdesk: Helpdesk): Promise<Map<string, string>> {
  return new Map((await s.agents.listSchedules(helpdesk, [1, 2, 3, 4])).map((a) => [a.agent.id, a.agent.name]));
}
