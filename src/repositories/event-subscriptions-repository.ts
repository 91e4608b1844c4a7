// Apps' event subscriptions (the developer console's settings) and the helpdesks they called events/subscribe for.
import type { Selectable } from 'kysely';
import type { EventSubscriptionTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';

export type EventSubscriptionRow = Selectable<EventSubscriptionTable>;
export interface EventSubscription extends EventSubscriptionRow {
  event_types: string[];
}

/** What a fixture or PUT gives: optional fields absent rather than null. */
export interface SubscriptionInput {
  mode: string;
  request_url?: string;
  encrypt_key?: string;
  verification_token: string;
  event_types: readonly string[];
}

/** The stored subscription an input makes. */
export function subscriptionOf(app_id: string, input: SubscriptionInput, now: number): EventSubscription {
  return {
    app_id,
    mode: input.mode,
    request_url: input.request_url ?? null,
    encrypt_key: input.encrypt_key ?? null,
    verification_token: input.verification_token,
    event_types: [...input.event_types],
    updated_at: now,
  };
}

// Every change reads one of these per event it adds (events/outbox.ts): compiled once (prepared.ts).
const helpdeskRecipients = prepared<{ helpdesk_id: string; event_type: string }, { app_id: string }>((db, v) =>
  db
    .selectFrom('helpdesk_event_subscriptions as h')
    .innerJoin('event_subscription_types as t', (j) => j.onRef('t.app_id', '=', 'h.app_id').onRef('t.event_type', '=', 'h.event_type'))
    .select('h.app_id')
    .where('h.helpdesk_id', '=', v.helpdesk_id)
    .where('h.event_type', '=', v.event_type)
    .orderBy('h.app_id'),
);
const tenantRecipients = prepared<{ tenant_key: string; event_type: string }, { app_id: string }>((db, v) =>
  db
    .selectFrom('event_subscription_types as t')
    .innerJoin('apps as a', 'a.app_id', 't.app_id')
    .select('t.app_id')
    .where('a.tenant_key', '=', v.tenant_key)
    .where('t.event_type', '=', v.event_type)
    .orderBy('t.app_id'),
);

export class EventSubscriptionsRepository {
  constructor(private readonly db: Executor) {}

  async find(app_id: string): Promise<EventSubscription | undefined> {
    const row = await this.db.selectFrom('event_subscriptions').selectAll().where('app_id', '=', app_id).executeTakeFirst();
    if (!row) return undefined;
    const types = await this.db.selectFrom('event_subscription_types').select('event_type').where('app_id', '=', app_id).orderBy('event_type').execute();
    return { ...row, updated_at: Number(row.updated_at), event_types: types.map((t) => t.event_type) };
  }

  /** Replaces the app's subscription whole. */
  async replace(s: EventSubscription): Promise<void> {
    const { event_types, ...row } = s;
    await this.db.deleteFrom('event_subscription_types').where('app_id', '=', s.app_id).execute();
    await this.db.deleteFrom('event_subscriptions').where('app_id', '=', s.app_id).execute();
    await this.db.insertInto('event_subscriptions').values(row).execute();
    if (event_types.length > 0) {
      await this.db.insertInto('event_subscription_types').values(event_types.map((event_type) => ({ app_id: s.app_id, event_type }))).execute();
    }
  }

  /** events/subscribe: adding a pair already there changes nothing. */
  async subscribeHelpdesk(app_id: string, helpdesk_id: string, event_types: string[]): Promise<void> {
    await this.db
      .insertInto('helpdesk_event_subscriptions')
      .values(event_types.map((event_type) => ({ app_id, helpdesk_id, event_type })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async unsubscribeHelpdesk(app_id: string, helpdesk_id: string, event_types: string[]): Promise<void> {
    await this.db.deleteFrom('helpdesk_event_subscriptions').where('app_id', '=', app_id).where('helpdesk_id', '=', helpdesk_id).where('event_type', 'in', event_types).execute();
  }

  /** Apps that get a helpdesk's ticket event: their subscription lists the type and they subscribed the helpdesk to it. */
  async ticketEventRecipients(helpdesk_id: string, event_type: string): Promise<string[]> {
    return (await helpdeskRecipients.execute(this.db, { helpdesk_id, event_type })).map((r) => r.app_id);
  }

  /** Apps of the tenant whose subscription lists the type (events that need no events/subscribe). */
  async tenantEventRecipients(tenant_key: string, event_type: string): Promise<string[]> {
    return (await tenantRecipients.execute(this.db, { tenant_key, event_type })).map((r) => r.app_id);
  }
}
