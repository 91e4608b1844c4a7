// Live regions by Server-Sent Events: each open page polls what it shows and is sent the new HTML when it changed.
// Polling the database (rather than an in-process signal) sees writes of every process: another `kefu serve` on the
// same database, the CLI, the API. A page costs one render per interval while it is open.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Html } from './html.js';

export class LiveStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly pollMs: number) {}

  /** Streams `render()` to the page whenever its HTML differs from what was sent last, until the page goes. */
  stream(request: FastifyRequest, reply: FastifyReply, render: () => Promise<Html>): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The first render is sent too: whatever changed between the page's render and this connection shows at once.
    let last: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      this.open.delete(stop);
      res.end();
    };
    const tick = async () => {
      try {
        const text = String(await render());
        if (text !== last) res.write(`event: update\n${text.split('\n').map((line) => `data: ${line}\n`).join('')}\n`);
        else res.write(': still here\n\n');
        last = text;
      } catch (error) {
        request.log.warn({ err: error }, 'live console region: render failed; retrying');
      }
      if (!stopped) timer = setTimeout(tick, this.pollMs);
    };
    this.open.add(stop);
    // The response's close: the request's fires as soon as its (empty) body has been read.
    res.on('close', stop);
    void tick();
  }

  closeAll(): void {
    for (const stop of [...this.open]) stop();
  }
}
