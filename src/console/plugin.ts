// The web console under /console: server-rendered pages over the same services as the API (docs/console.md). It is a
// Fastify context of its own: its pages answer HTML (also when they refuse), read form bodies, and check the
// session's CSRF token on every POST; the API's routes, hooks and envelope are untouched.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../platform/errors.js';
import { AgentsService } from '../services/agents-service.js';
import { CustomizedFieldsService } from '../services/customized-fields-service.js';
import { KnowledgeBaseService } from '../services/knowledge-base-service.js';
import { PeopleService, type Role } from '../services/people-service.js';
import { SkillsService } from '../services/skills-service.js';
import { TicketsService } from '../services/tickets-service.js';
import { assetAt, assets } from './assets.js';
import { html, type Html } from './html.js';
import { page } from './layout.js';
import { LiveStreams } from './live.js';
import { ConsoleRefusal, csrfMatches, requireRole, visitOf, type Visit } from './visit.js';
import { sessionCookieOf } from '../platform/browser-session.js';
import { ticketPages } from './pages/tickets.js';
import { chatPages } from './pages/chat.js';
import { adminPages } from './pages/admin.js';
import { appPages } from './pages/apps.js';
import { knowledgeBasePages } from './pages/knowledge-base.js';

/** Who may open a console route: anyone (assets, the sign-in page), any signed-in person, or a least role. */
export type ConsoleAccess = 'public' | 'signed-in' | Exclude<Role, 'guest' | 'owner'>;

declare module 'fastify' {
  interface FastifyContextConfig {
    console?: ConsoleAccess;
  }
  interface FastifyRequest {
    visit: Visit;
  }
}

export interface ConsoleServices {
  people: PeopleService;
  agents: AgentsService;
  skills: SkillsService;
  tickets: TicketsService;
  fields: CustomizedFieldsService;
  knowledgeBase: KnowledgeBaseService;
  live: LiveStreams;
}

export interface ConsoleOptions {
  /** How often a live page looks for changes (ms). */
  livePollMs?: number;
}

export type FormBody = Record<string, string | string[]>;

const HELPDESK_COOKIE = 'kefu_console_helpdesk';

export async function consolePlugin(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const { store, clock, routing } = app.kefu;
  const services: ConsoleServices = {
    people: new PeopleService(store),
    agents: new AgentsService(store, clock, routing),
    skills: new SkillsService(store, clock, routing),
    tickets: new TicketsService(store),
    fields: new CustomizedFieldsService(store, clock),
    knowledgeBase: new KnowledgeBaseService(store, clock),
    live: new LiveStreams(options.livePollMs ?? 1000),
  };
  app.addHook('preClose', async () => services.live.closeAll());
  app.decorateRequest('visit', null as unknown as Visit);

  // Forms post urlencoded bodies; a repeated name (a multiple select) becomes a list.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: FormBody = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const had = form[key];
      form[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
    done(null, form);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    const access = request.routeOptions.config.console ?? 'signed-in';
    if (access === 'public') return;
    // Pages of a session are private and change with every write.
    reply.header('Cache-Control', 'no-store');
    // Frames of other sites may not show the console (clickjacking); the embed script opens a window instead.
    reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; form-action 'self'");
    const signedIn = await app.kefu.signIn.sessionPerson(sessionCookieOf(request));
    if (!signedIn) {
      // A page opened without a session goes to the sign-in form, which comes back here afterwards.
      if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      throw new ConsoleRefusal(401, 'Sign in first: with the link Kefu gave you (kefu login-link --user OPEN_ID) or a password.');
    }
    // A helpdesk picked with ?helpdesk= stays picked (a cookie) for the person's next pages.
    const asked = (request.query as Record<string, unknown> | undefined)?.helpdesk;
    const kept = request.headers.cookie ? request.server.parseCookie(request.headers.cookie)[HELPDESK_COOKIE] : undefined;
    request.visit = await visitOf(services.people, signedIn, typeof asked === 'string' ? asked : kept);
    if (typeof asked === 'string' && asked === request.visit.helpdesk.helpdesk_id && asked !== kept) {
      reply.header('set-cookie', request.server.serializeCookie(HELPDESK_COOKIE, asked, { path: '/console', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' }));
    }
    if (access !== 'signed-in') requireRole(request.visit, access);
  });

  // Every console POST carries the session's token in its form: a cross-site form cannot know it.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !request.visit) return;
    const body = request.body as FormBody | undefined;
    if (!csrfMatches(request.visit.csrf, body?._csrf)) throw new ConsoleRefusal(403, 'This form has expired or did not come from the console. Reload the page and try again.');
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ConsoleRefusal) return refusalPage(request, reply, error.status, error.message);
    if (error instanceof ApiError) {
      const problems = error.details.fieldViolations?.map((v) => `${v.field}: ${v.description}`) ?? [];
      return refusalPage(request, reply, error.row.status, [error.details.detail ?? error.row.msg, ...problems].filter(Boolean).join('; '));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'console page failed');
    return refusalPage(request, reply, status, status >= 500 ? 'Something went wrong on the server; it is logged.' : (error as Error).message);
  });
  // The API's 404 is JSON; a mistyped console address gets a page.
  app.get('/console/*', { schema: { hide: true }, config: { console: 'public' } }, async (request, reply) => refusalPage(request, reply, 404, `Nothing at ${request.url.split('?')[0]}.`));

  const sendAsset = async (request: FastifyRequest, reply: FastifyReply) => {
    const asset = assetAt(request.url.split('?')[0]);
    if (!asset) return refusalPage(request, reply, 404, 'No such file.');
    reply.header('Content-Type', asset.type).header('ETag', asset.etag);
    // Fingerprinted names never change content: a year, immutable. embed.js is revalidated by its ETag.
    reply.header('Cache-Control', asset === assets.embed ? 'public, max-age=300, must-revalidate' : 'public, max-age=31536000, immutable');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  };
  app.get('/console/assets/:file', { schema: { hide: true }, config: { console: 'public' } }, sendAsset);
  app.get('/console/embed.js', { schema: { hide: true }, config: { console: 'public' } }, sendAsset);

  app.get('/console', { schema: { hide: true } }, async (request, reply) =>
    reply.redirect(request.visit.role === 'guest' ? '/console/chat' : '/console/tickets', 303),
  );

  ticketPages(app, services);
  chatPages(app, services);
  adminPages(app, services);
  appPages(app, services);
  knowledgeBasePages(app, services);
}

function refusalPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  const title = status === 401 ? 'Sign in' : status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : status >= 500 ? 'Server error' : 'Could not do that';
  const back = request.headers.referer && request.method === 'POST' ? html`<p><a href="${request.headers.referer}">Back</a></p>` : '';
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(String(page({ title, body: html`<p class="error" role="alert">${message}</p>${back}`, visit: request.visit ?? undefined })));
}

/** Answers a rendered page. */
export function sendPage(reply: FastifyReply, content: Html): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(String(content));
}

/** One text field of a form; absent or a list: ''. */
export function field(body: FormBody | undefined, name: string): string {
  const v = body?.[name];
  return typeof v === 'string' ? v : '';
}

/** Every value of a form field (a multiple select, repeated checkboxes). */
export function fields(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
