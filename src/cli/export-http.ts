// kefu export --from URL: the same export from any Feishu-compatible server, through its ticket list. The list
// answers at most 10,000 tickets a query and 50 calls a second (1,000 a minute), so the creation-time range is cut
// into slices of at most SLICE_TICKETS matches, each read whole and written oldest first, with the calls paced
// under the limit (and a 429 waited out as its x-ogw-ratelimit-reset header says).
import type { TicketPosition } from '../repositories/tickets-repository.js';
import { MAX_REACHABLE_TICKETS, type TicketView } from '../schemas/tickets.js';
import { UsageError } from './options.js';

export interface ServerCredentials {
  from: string;
  appId: string;
  appSecret: string;
  helpdeskId: string;
  helpdeskToken: string;
}

/** Matches one slice may hold: read whole (five pages) before it is written oldest first. */
const SLICE_TICKETS = 1000;
const PAGE_SIZE = 200;
/** 1,000 calls a minute is the tighter of the list's two limits: one call each 61 ms stays under both. */
const CALL_INTERVAL_MS = 61;
/** Feishu's answer to an expired or unknown tenant token. */
const INVALID_TENANT_TOKEN = 99991663;

export class FeishuTicketList {
  private token?: string;
  private lastCall = 0;

  constructor(
    private readonly server: ServerCredentials,
    /** The list's filters as query parameters, creation time excepted (the walk sets it). */
    private readonly filters: [string, string][],
  ) {}

  /** Matches in [from, to] (milliseconds, inclusive). */
  async total(from: number, to: number): Promise<number> {
    return (await this.page(from, to, 1, 1)).total;
  }

  /** Every match in [from, to] after `after`, oldest first, a slice at a time. */
  async *walk(from: number, to: number, after: TicketPosition | undefined): AsyncGenerator<TicketView[]> {
    const start = after ? Math.max(from, after.created_at) : from;
    const pending: [number, number][] = [[start, to]];
    while (pending.length > 0) {
      const [low, high] = pending.shift()!;
      const first = await this.page(low, high, 1, PAGE_SIZE);
      if (first.total > SLICE_TICKETS && high > low) {
        const middle = Math.floor((low + high) / 2);
        pending.unshift([low, middle], [middle + 1, high]);
        continue;
      }
      if (first.total > MAX_REACHABLE_TICKETS) throw new UsageError(`${first.total} tickets were created from ${low} to ${high} ms: more than the list can page through`);
      const tickets = [...first.tickets];
      for (let page = 2; tickets.length < first.total && (page - 1) * PAGE_SIZE < first.total; page++) {
        tickets.push(...(await this.page(low, high, page, PAGE_SIZE)).tickets);
      }
      const oldestFirst = tickets
        .filter((t) => !after || t.created_at > after.created_at || (t.created_at === after.created_at && t.ticket_id > after.ticket_id))
        .sort((a, b) => a.created_at - b.created_at || (a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : 0));
      if (oldestFirst.length > 0) yield oldestFirst;
    }
  }

  private async page(from: number, to: number, page: number, pageSize: number): Promise<{ total: number; tickets: TicketView[] }> {
    const query = new URLSearchParams([...this.filters, ['create_time_start', String(from)], ['create_time_end', String(to)], ['page', String(page)], ['page_size', String(pageSize)]]);
    const helpdesk = Buffer.from(`${this.server.helpdeskId}:${this.server.helpdeskToken}`).toString('base64');
    let renewed = false;
    for (;;) {
      const res = await this.call(`/open-apis/helpdesk/v1/tickets?${query}`, { authorization: `Bearer ${await this.tenantToken()}`, 'x-lark-helpdesk-authorization': helpdesk });
      if (res.status === 429) {
        await sleep(Number(res.headers.get('x-ogw-ratelimit-reset') ?? 1) * 1000);
        continue;
      }
      const body = (await res.json()) as { code: number; msg: string; data?: { total?: number; tickets?: TicketView[] } };
      // The tenant token lasts two hours; an export that outlives it asks for a new one and calls again.
      if (body.code === INVALID_TENANT_TOKEN && this.token !== undefined && !renewed) {
        this.token = undefined;
        renewed = true;
        continue;
      }
      if (body.code !== 0) throw new UsageError(`${this.server.from} answered the ticket list with ${res.status} / ${body.code}: ${body.msg}`);
      return { total: body.data?.total ?? 0, tickets: body.data?.tickets ?? [] };
    }
  }

  private async tenantToken(): Promise<string> {
    if (this.token) return this.token;
    const res = await this.call('/open-apis/auth/v3/tenant_access_token/internal', { 'content-type': 'application/json' }, JSON.stringify({ app_id: this.server.appId, app_secret: this.server.appSecret }));
    const body = (await res.json()) as { code: number; msg: string; tenant_access_token?: string };
    if (body.code !== 0 || !body.tenant_access_token) throw new UsageError(`${this.server.from} refused --app-id and --app-secret: ${body.code} ${body.msg}`);
    return (this.token = body.tenant_access_token);
  }

  /** One call, paced so that calls stay under the rate limit. */
  private async call(path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const wait = this.lastCall + CALL_INTERVAL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastCall = Date.now();
    try {
      return await fetch(new URL(path, this.server.from), { method: body === undefined ? 'GET' : 'POST', headers, body });
    } catch (e) {
      throw new UsageError(`cannot reach ${this.server.from} (${(e as Error).message})`);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
