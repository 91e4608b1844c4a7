// The connection to Redis, which only shares rate-limit counters between processes. Kefu must never wait on it:
// short timeouts, no offline queue, reconnection forever in the background, and a plain "is it usable now" answer
// that lets every caller fall back to what it can do alone.
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

const CONNECT_TIMEOUT_MS = 1000;
/** A Redis on the same network answers in well under a millisecond; one that takes this long is treated as gone. */
const COMMAND_TIMEOUT_MS = 250;
const MAX_RECONNECT_DELAY_MS = 2000;

export class RedisLink {
  readonly client: Redis;
  private shared = false;
  private reportedDown = false;

  constructor(
    url: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.client = new Redis(url, {
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // A command issued while Redis is away fails at once instead of waiting for a reconnection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    });
    this.client.on('ready', () => {
      this.shared = true;
      this.reportedDown = false;
      this.log.info('redis reachable: rate limits are shared by every process');
    });
    this.client.on('close', () => this.markDown('connection closed'));
    this.client.on('error', (error: Error) => this.markDown(error.message));
  }

  /** True when commands can be sent now; false while Redis is away (callers then work per process). */
  get up(): boolean {
    return this.client.status === 'ready';
  }

  /**
   * Called by a user of the link when a command failed. A Redis that stopped answering without closing its socket
   * would otherwise cost every request a timeout: dropping the connection makes `up` false until it really answers.
   */
  commandFailed(error: Error): void {
    this.markDown(error.message);
    if (this.client.status === 'ready') this.client.disconnect(true);
  }

  /** PING with the command timeout: for /readyz. */
  async ping(): Promise<boolean> {
    if (!this.up) return false;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('close');
    this.client.disconnect();
  }

  private markDown(reason: string): void {
    if (this.reportedDown) return;
    this.reportedDown = true;
    this.log.warn({ reason }, this.shared ? 'redis unreachable: rate limits fall back to per-process counters until it returns' : 'redis unreachable: rate limits are per-process until it answers');
    this.shared = false;
  }
}
