// The rules of the long connection (feishu-events.md §2, docs/events.md "Long connection"): who may connect, how
// many connections an app may hold, and the URL the endpoint hands out. The URL carries a ticket, an HMAC under
// the server secret, so that any process on the database can admit a connection another process's endpoint issued.
import { newNumericId } from '../events/ids.js';
import type { ClientConfig } from '../events/ws-frame.js';
import { ApiError, errors, type ErrorRow } from '../platform/errors.js';
import { digestMatches } from '../platform/secrets.js';
import type { WsEndpointInput } from '../schemas/long-connection.js';
import type { AuthService } from './auth-service.js';
import type { Store } from './store.js';

/** What node-sdk's WSClient.start() insists on (it logs `invalid appId` and never connects otherwise). */
export const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;
/** The WebSocket path, as on Feishu (wss://msg-frontier.feishu.cn/ws/v2?...). */
export const WS_PATH = '/ws/v2';
/** Echoed by the client in every ping's Frame.service; any int32. */
export const WS_SERVICE_ID = 1;
const TICKET_TTL_MS = 5 * 60_000;
/** Each process refreshes its connections' rows this often, and a row not refreshed for ALIVE_MS is gone. */
export const HEARTBEAT_MS = 10_000;
export const ALIVE_MS = 30_000;

export interface LongConnectionSettings {
  /** Sent by the endpoint and in every pong; the client adopts it (seconds). */
  clientConfig: ClientConfig;
  maxConnectionsPerApp: number;
  /** An event larger than this many bytes goes in several frames (sum/seq). */
  partBytes: number;
  /** An event not acked within this is a failed attempt (Feishu: 3 s). */
  ackTimeoutMs: number;
}

export const DEFAULT_LONG_CONNECTION: LongConnectionSettings = {
  // The SDKs' own defaults (feishu-events.md §2.1): real Feishu's values are not published.
  clientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 },
  maxConnectionsPerApp: 50,
  partBytes: 64 * 1024,
  ackTimeoutMs: 3_000,
};

export type Admission = { ok: true; app_id: string; connection_id: string } | { ok: false; row: ErrorRow; msg: string };

export class LongConnectionService {
  constructor(
    private readonly store: Store,
    private readonly auth: AuthService,
    readonly settings: LongConnectionSettings,
  ) {}

  /** POST /callback/ws/endpoint: the URL to connect to and the ClientConfig. `origin`: ws://host or wss://host. */
  async endpoint(input: WsEndpointInput, origin: string): Promise<{ URL: string; ClientConfig: ClientConfig }> {
    const { AppID: app_id, AppSecret: secret } = input;
    if (!WS_APP_ID.test(app_id)) {
      throw new ApiError(errors.wsAuthFailed, { detail: `AppID ${JSON.stringify(app_id.slice(0, 64))} is not cli_ and 16 hex digits; the SDKs' WSClient refuses such an app id` });
    }
    if (secret === '' && input.ClientAssertion) throw new ApiError(errors.wsAuthFailed, { detail: 'client assertions are not supported; give AppSecret' });
    const app = await this.store.repos.identities.findApp(app_id);
    // Unknown app and wrong secret answer alike, as the token endpoints do.
    if (!app || !digestMatches(secret, app.app_secret_hash)) throw new ApiError(errors.wsAuthFailed, { detail: 'wrong AppID or AppSecret' });
    await this.refuseOverLimit(app_id);
    const connection_id = newNumericId();
    const expires = Date.now() + TICKET_TTL_MS;
    const ticket = await this.auth.sign(ticketText(app_id, connection_id, expires));
    // device_id must not come first: node-sdk reads it with qs.parse over the whole URL.
    const query = new URLSearchParams({ fpid: '1', app_id, device_id: connection_id, service_id: String(WS_SERVICE_ID), expires: String(expires), ticket });
    return { URL: `${origin}${WS_PATH}?${query}`, ClientConfig: this.settings.clientConfig };
  }

  /** The WebSocket upgrade: a ticket the endpoint issued and that has not expired, and room under the app's limit. */
  async admit(query: URLSearchParams): Promise<Admission> {
    const app_id = query.get('app_id') ?? '';
    const connection_id = query.get('device_id') ?? '';
    const expires = Number(query.get('expires'));
    const ticket = query.get('ticket') ?? '';
    if (!(expires > Date.now()) || ticket !== (await this.auth.sign(ticketText(app_id, connection_id, expires)))) {
      return { ok: false, row: errors.wsAuthFailed, msg: 'the URL is not one POST /callback/ws/endpoint issued, or it expired; ask the endpoint again' };
    }
    const now = Date.now();
    const row = { connection_id, app_id, opened_at: now, alive_until: now + ALIVE_MS };
    const postgres = this.store.dialect === 'postgres';
    const fresh = await this.store.write(async (repos) => {
      if (await repos.longConnections.isKnown(connection_id)) return 'used' as const;
      return (await repos.longConnections.open(row, this.settings.maxConnectionsPerApp, now, postgres)) ? ('opened' as const) : ('full' as const);
    });
    if (fresh === 'used') return { ok: false, row: errors.wsAuthFailed, msg: 'this URL was used already; ask the endpoint again' };
    if (fresh === 'full') return { ok: false, row: errors.wsConnectionLimit, msg: limitMessage(app_id, this.settings.maxConnectionsPerApp) };
    return { ok: true, app_id, connection_id };
  }

  async heartbeat(connection_ids: string[]): Promise<void> {
    const now = Date.now();
    await this.store.repos.longConnections.heartbeat(connection_ids, now + ALIVE_MS, now);
  }

  async closed(connection_ids: string[]): Promise<void> {
    await this.store.repos.longConnections.close(connection_ids);
  }

  private async refuseOverLimit(app_id: string): Promise<void> {
    const max = this.settings.maxConnectionsPerApp;
    if ((await this.store.repos.longConnections.liveCount(app_id, Date.now())) >= max) throw new ApiError(errors.wsConnectionLimit, { detail: limitMessage(app_id, max) });
  }
}

const ticketText = (app_id: string, connection_id: string, expires: number) => `ws:${app_id}:${connection_id}:${expires}`;

const limitMessage = (app_id: string, max: number) => `app ${app_id} has ${max} open long connections, the most an app may have; close one first`;
