// The Feishu API route tree: the folder path of each module is its URL path under /open-apis.
import type { FastifyInstance } from 'fastify';
import appAccessToken from './open-apis/auth/v3/app-access-token/internal.js';
import tenantAccessToken from './open-apis/auth/v3/tenant-access-token/internal.js';
import listAgentSkills from './open-apis/helpdesk/v1/agent-skills/list.js';
import getAgentSkill from './open-apis/helpdesk/v1/agent-skills/get.js';
import createAgentSkill from './open-apis/helpdesk/v1/agent-skills/create.js';
import patchAgentSkill from './open-apis/helpdesk/v1/agent-skills/patch.js';
import deleteAgentSkill from './open-apis/helpdesk/v1/agent-skills/delete.js';
import listAgentSkillRules from './open-apis/helpdesk/v1/agent-skill-rules/list.js';
import listAgentSchedules from './open-apis/helpdesk/v1/agent-schedules/list.js';
import createAgentSchedules from './open-apis/helpdesk/v1/agent-schedules/create.js';
import patchAgent from './open-apis/helpdesk/v1/agents/patch.js';
import getAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/get.js';
import patchAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/patch.js';
import deleteAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/delete.js';
import listAgentEmails from './open-apis/helpdesk/v1/agent-emails/list.js';
import listTickets from './open-apis/helpdesk/v1/tickets/list.js';
import getTicket from './open-apis/helpdesk/v1/tickets/get.js';
import startService from './open-apis/helpdesk/v1/start-service.js';
import updateTicket from './open-apis/helpdesk/v1/tickets/update.js';
import answerUserQuery from './open-apis/helpdesk/v1/tickets/answer-user-query.js';
import listTicketMessages from './open-apis/helpdesk/v1/tickets/messages/list.js';
import createTicketMessage from './open-apis/helpdesk/v1/tickets/messages/create.js';
import createBotMessage from './open-apis/helpdesk/v1/message/create.js';
import createGuestChat from './kefu/v1/helpdesks/chats/create.js';
import getHelpdeskSettings from './kefu/v1/helpdesks/settings/get.js';
import patchHelpdeskSettings from './kefu/v1/helpdesks/settings/patch.js';
import listGuestChats from './kefu/v1/chats/list.js';
import listChatMessages from './kefu/v1/chats/messages/list.js';
import createChatMessage from './kefu/v1/chats/messages/create.js';
import transferChat from './kefu/v1/chats/transfer.js';
import closeChat from './kefu/v1/chats/close.js';
import createReply from './kefu/v1/tickets/replies/create.js';
import createTicketCustomizedField from './open-apis/helpdesk/v1/ticket-customized-fields/create.js';
import listTicketCustomizedFields from './open-apis/helpdesk/v1/ticket-customized-fields/list.js';
import getTicketCustomizedField from './open-apis/helpdesk/v1/ticket-customized-fields/get.js';
import patchTicketCustomizedField from './open-apis/helpdesk/v1/ticket-customized-fields/patch.js';
import deleteTicketCustomizedField from './open-apis/helpdesk/v1/ticket-customized-fields/delete.js';
import listCustomizedFields from './open-apis/helpdesk/v1/customized-fields/list.js';
import getTicketImage from './open-apis/helpdesk/v1/ticket-images/get.js';
import uploadImage from './kefu/v1/images/create.js';
import routingDecisions from './kefu/v1/tickets/routing.js';
import testClock from './kefu/v1/clock.js';
import eventSubscription from './kefu/v1/apps/event-subscription.js';
import listAppEvents from './kefu/v1/apps/events/list.js';
import redeliverAppEvent from './kefu/v1/apps/events/redeliver.js';
import subscribeHelpdeskEvents from './open-apis/helpdesk/v1/events/subscribe-unsubscribe.js';
import healthz from './healthz.js';
import readyz from './readyz.js';
import metrics from './metrics.js';
import signInPage from './sign-in/page.js';
import signInSubmit from './sign-in/submit.js';
import signInLink from './sign-in/link.js';
import signOut from './sign-out.js';
import authorize from './open-apis/authen/v1/authorize.js';
import oidcAccessToken from './open-apis/authen/v1/oidc/access-token.js';
import oidcRefreshAccessToken from './open-apis/authen/v1/oidc/refresh-access-token.js';
import userInfo from './open-apis/authen/v1/user-info.js';

/** `testClock`: serve POST /kefu/v1/clock; `metrics`: serve GET /metrics (off when the metrics are off or have a listener of their own). */
export async function registerRoutes(app: FastifyInstance, options: { testClock?: boolean; metrics?: boolean } = {}): Promise<void> {
  const lifecycle = [startService, updateTicket, answerUserQuery, listTicketMessages, createTicketMessage, createBotMessage, createGuestChat,
    getHelpdeskSettings, patchHelpdeskSettings, listGuestChats, listChatMessages, createChatMessage, transferChat, closeChat, createReply];
  const customizedFieldsAndImages = [createTicketCustomizedField, listTicketCustomizedFields, getTicketCustomizedField, patchTicketCustomizedField,
    deleteTicketCustomizedField, listCustomizedFields, getTicketImage, uploadImage];
  const events = [eventSubscription, listAppEvents, redeliverAppEvent, subscribeHelpdeskEvents];
  const authen = [oidcAccessToken, oidcRefreshAccessToken, userInfo];
  for (const route of [tenantAccessToken, appAccessToken, listAgentSkills, getAgentSkill, createAgentSkill, patchAgentSkill, deleteAgentSkill, listAgentSkillRules,
    listAgentSchedules, createAgentSchedules, patchAgent, getAgentSchedule, patchAgentSchedule, deleteAgentSchedule, listAgentEmails, listTickets, getTicket, ...lifecycle,
    ...customizedFieldsAndImages, routingDecisions, ...events, ...authen, healthz, readyz]) {
    await app.register(route);
  }
  // Only a server whose clock is frozen (--now) can have it moved.
  if (options.testClock) await app.register(testClock);
  if (options.metrics ?? true) await app.register(metrics);
}

/**
 * The pages a person opens in a browser (sign-in, sign-out, OIDC's authorize page): HTML and redirects rather than the envelope, so they
 * stay out of the Open API's catalogue and document, like /docs.
 */
export async function registerBrowserPages(app: FastifyInstance): Promise<void> {
  for (const route of [signInPage, signInSubmit, signInLink, signOut, authorize]) await app.register(route);
}
