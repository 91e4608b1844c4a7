// The rules of event subscriptions and the delivery log (docs/events.md): an app changes only its own subscription,
// a new request URL, key or token is verified with Feishu's url_verification challenge before it is kept, and
// events/subscribe takes only the pairs lifecycle.md lists.
import { randomBytes } from 'node:crypto';
import { subscriptionProblem } from '../domain/event-subscription.js';
import { validRedirectUri } from '../domain/sign-in.js';
import { postSigned, VERIFICATION_TIMEOUT_MS } from '../events/webhook-channel.js';
import { eventTypeOfPair } from '../events/subscription-pairs.js';
import type { Clock } from '../platform/clock.js';
import type { Caller } from '../platform/credentials.js';
import { ApiError, badField, errors } from '../platform/errors.js';
import type { ClaimedDelivery, DeliveryStatus } from '../repositories/event-deliveries-repository.js';
import { subscriptionOf, type EventSubscription } from '../repositories/event-subscriptions-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { DeliveryItem, EventSubscriptionInput } from '../schemas/events.js';
import type { Store } from './store.js';

const LOG_LIMIT = 1000;

export class EventSubscriptionsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async get(caller: Caller, app_id: string): Promise<EventSubscriptionInput> {
    ownApp(caller, app_id);
    const found = await this.store.repos.eventSubscriptions.find(app_id);
    if (!found) throw new ApiError(errors.resourceNotFound, { detail: `app ${app_id} has no event subscription` });
    return withRedirectUris(answerOf(found), await this.store.repos.signIn.redirectUris(app_id));
  }

  async put(caller: Caller, app_id: string, input: EventSubscriptionInput): Promise<EventSubscriptionInput> {
    ownApp(caller, app_id);
    const problem = subscriptionProblem(input);
    if (problem) throw badField(problem.field, problem.description, input.request_url);
    const badUri = (input.redirect_uris ?? []).findIndex((uri) => !validRedirectUri(uri));
    if (badUri >= 0) throw badField(`redirect_uris[${badUri}]`, 'must be an absolute http:// or https:// URL without a fragment', input.redirect_uris![badUri]);
    const before = await this.store.repos.eventSubscriptions.find(app_id);
    if (input.mode === 'webhook' && needsVerification(before, input)) await this.verify(input);
    const subscription = subscriptionOf(app_id, input, this.clock.now());
    const redirectUris = await this.store.write(async (repos) => {
      await repos.eventSubscriptions.replace(subscription);
      if (input.redirect_uris) await repos.signIn.replaceRedirectUris(app_id, input.redirect_uris);
      return repos.signIn.redirectUris(app_id);
    });
    return withRedirectUris(answerOf(subscription), redirectUris);
  }

  /** events/subscribe and events/unsubscribe for the caller's app and the helpdesk of the header. */
  async setHelpdeskEvents(caller: Caller, helpdesk_id: string, pairs: { type: string; subtype: string }[], subscribe: boolean): Promise<void> {
    const types = pairs.map((p, i) => {
      const t = eventTypeOfPair(p.type, p.subtype);
      if (!t) throw badField(`events[${i}]`, `unknown event {type: ${p.type}, subtype: ${p.subtype}}; known: {helpdesk.ticket, ticket.created_v1}, {helpdesk.ticket, ticket.updated_v1}, {helpdesk.ticket_message, ticket_message.created_v1}`);
      return t;
    });
    const unique = [...new Set(types)];
    await this.store.write((repos) =>
      subscribe ? repos.eventSubscriptions.subscribeHelpdesk(caller.app_id, helpdesk_id, unique) : repos.eventSubscriptions.unsubscribeHelpdesk(caller.app_id, helpdesk_id, unique),
    );
  }

  async list(caller: Caller, app_id: string, status: DeliveryStatus | undefined): Promise<DeliveryItem[]> {
    ownApp(caller, app_id);
    return (await this.store.repos.deliveries.list(app_id, status, LOG_LIMIT)).map(deliveryItem);
  }

  /** Makes the app's event due again now, whatever its status; answers it as it stands after the change. */
  async redeliver(caller: Caller, app_id: string, event_id: string): Promise<DeliveryItem> {
    ownApp(caller, app_id);
    return this.store.write(async (repos: Repositories) => {
      const found = await repos.deliveries.find(event_id);
      if (!found || found.app_id !== app_id) throw new ApiError(errors.resourceNotFound, { detail: `app ${app_id} has no event ${event_id}` });
      await repos.deliveries.redeliver(event_id, this.clock.now());
      return deliveryItem((await repos.deliveries.find(event_id))!);
    });
  }

  /** Feishu's url_verification: the URL must answer HTTP 200 with {"challenge": <the same>} within 1 s. */
  private async verify(input: EventSubscriptionInput): Promise<void> {
    const challenge = randomBytes(16).toString('hex');
    const payload = { challenge, token: input.verification_token, type: 'url_verification' };
    const result = await postSigned(input.request_url!, payload, { encrypt_key: input.encrypt_key ?? null }, this.clock, VERIFICATION_TIMEOUT_MS);
    if (result.outcome === 'HTTP 200' && echoedChallenge(result.answer) === challenge) return;
    const answered = result.answer === undefined ? result.outcome : `${result.outcome} ${JSON.stringify(result.answer.slice(0, 200))}`;
    throw badField('request_url', `the URL did not answer the url_verification challenge with HTTP 200 and {"challenge":"${challenge}"} within ${VERIFICATION_TIMEOUT_MS} ms; it answered ${answered}`, input.request_url);
  }
}

function ownApp(caller: Caller, app_id: string): void {
  if (caller.app_id !== app_id) throw new ApiError(errors.noAccess, { detail: `a tenant_access_token of app ${app_id} is needed` });
}

function needsVerification(before: EventSubscription | undefined, input: EventSubscriptionInput): boolean {
  return !before || before.request_url !== (input.request_url ?? null) || before.encrypt_key !== (input.encrypt_key ?? null) || before.verification_token !== input.verification_token;
}

function echoedChallenge(answer: string | undefined): unknown {
  try {
    return (JSON.parse(answer ?? '') as { challenge?: unknown }).challenge;
  } catch {
    return undefined;
  }
}

function withRedirectUris(answer: EventSubscriptionInput, redirect_uris: string[]): EventSubscriptionInput {
  return redirect_uris.length > 0 ? { ...answer, redirect_uris } : answer;
}

function answerOf(s: EventSubscription): EventSubscriptionInput {
  return {
    mode: s.mode as EventSubscriptionInput['mode'],
    ...(s.request_url ? { request_url: s.request_url } : {}),
    ...(s.encrypt_key ? { encrypt_key: s.encrypt_key } : {}),
    verification_token: s.verification_token,
    event_types: s.event_types as EventSubscriptionInput['event_types'],
  };
}

function deliveryItem(d: ClaimedDelivery): DeliveryItem {
  const text = (n: number | null) => (n === null ? undefined : String(n));
  return {
    event_id: d.event_id,
    event_type: d.outbox.event_type,
    helpdesk_id: d.outbox.helpdesk_id,
    ...(d.ticket_id ? { ticket_id: d.ticket_id } : {}),
    create_time: String(d.outbox.create_time),
    status: d.status,
    attempts: d.attempts,
    ...(d.status === 'pending' ? { next_attempt_at: String(d.next_attempt_at) } : {}),
    ...(d.last_attempt_at !== null ? { last_attempt_at: text(d.last_attempt_at) } : {}),
    ...(d.last_outcome ? { last_outcome: d.last_outcome } : {}),
    ...(d.delivered_at !== null ? { delivered_at: text(d.delivered_at) } : {}),
  };
}
