// Apps of the tenant: their event subscription and delivery log, with redeliver (admins and the owner). The console
// acts as each app would through Kefu's app settings API, after checking the app is of the admin's tenant.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../platform/errors.js';
import { personCaller } from '../../services/people-service.js';
import { localTime } from '../format.js';
import { html } from '../html.js';
import { csrfField, page } from '../layout.js';
import { sendPage, type ConsoleServices } from '../plugin.js';
import { ConsoleRefusal } from '../visit.js';

const LOG_SHOWN = 50;

export function appPages(app: FastifyInstance, s: ConsoleServices): void {
  const { subscriptions } = app.kefu.events;
  const admin = { schema: { hide: true }, config: { console: 'admin' as const } };

  app.get('/console/apps', admin, async (request, reply) => {
    const visit = request.visit;
    const tz = visit.helpdesk.time_zone;
    const apps = await s.people.apps(visit.helpdesk.tenant_key);
    const sections = await Promise.all(
      apps.map(async (a) => {
        const caller = personCaller(visit.person, a.app_id);
        const subscription = await subscriptions.get(caller, a.app_id).catch((e: unknown) => (e instanceof ApiError ? undefined : Promise.reject(e)));
        const log = subscription ? (await subscriptions.list(caller, a.app_id, undefined)).slice(-LOG_SHOWN).reverse() : [];
        return html`<section aria-labelledby="app-${a.app_id}">
<h2 id="app-${a.app_id}">${a.app_id}</h2>
<p>Scopes: ${a.scopes.join(', ') || 'none'}</p>
${subscription
  ? html`<p>Events by ${subscription.mode === 'webhook' ? html`webhook to <code>${subscription.request_url ?? ''}</code>` : 'long connection'}: ${subscription.event_types.join(', ') || 'none'}.</p>
${log.length === 0 ? html`<p>No events delivered yet.</p>` : html`<table><caption>Delivery log of ${a.app_id}, newest first</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Type</th><th scope="col">Ticket</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last outcome</th><th scope="col">Redeliver</th></tr></thead>
<tbody>${log.map((e) => html`<tr><td><code>${e.event_id}</code></td><td>${e.event_type}</td><td>${e.ticket_id ?? ''}</td><td>${localTime(Number(e.create_time), tz)}</td><td>${e.status}</td><td>${e.attempts}</td><td>${e.last_outcome ?? ''}</td>
<td><form method="post" action="/console/apps/${a.app_id}/events/${e.event_id}/redeliver">${csrfField(visit)}<button aria-label="Redeliver ${e.event_id}">Redeliver</button></form></td></tr>`)}</tbody></table>`}`
  : html`<p>No event subscription. Set one with PUT /kefu/v1/apps/${a.app_id}/event_subscription.</p>`}
</section>`;
      }),
    );
    return sendPage(reply, page({ title: 'Apps', section: 'Apps', body: html`${sections}`, visit }));
  });

  app.post('/console/apps/:app_id/events/:event_id/redeliver', admin, async (request, reply) => {
    const { app_id, event_id } = request.params as { app_id: string; event_id: string };
    const apps = await s.people.apps(request.visit.helpdesk.tenant_key);
    if (!apps.some((a) => a.app_id === app_id)) throw new ConsoleRefusal(404, `No app ${app_id} in your organisation.`);
    await subscriptions.redeliver(personCaller(request.visit.person, app_id), app_id, event_id);
    return reply.redirect('/console/apps', 303);
  });
}
