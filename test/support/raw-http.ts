// HTTP/1.1 over a bare TCP socket: the request goes on the wire byte for byte as given (malformed targets, invalid
// percent-encoding, raw non-ASCII, duplicate headers), which fetch, undici and node:http all refuse to send.
import { connect } from 'node:net';

export type RawHeader = [name: string, value: string | Buffer];

export interface RawRequest {
  method: string;
  /** The request target exactly as sent, e.g. `/open-apis/x?a=%zz` or bytes that are not ASCII. */
  target: string | Buffer;
  headers?: RawHeader[];
  body?: string | Buffer;
  /** Leave out Content-Length even when there is a body (the server then sees no body at all). */
  omitContentLength?: boolean;
}

export interface RawAnswer {
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
  /** Whole answer size on the wire, for the figures. */
  bytes: number;
}

export class NoAnswerError extends Error {}

/** Sends one request on a fresh connection (Connection: close) and reads the whole answer, or fails after timeoutMs. */
export function rawRequest(baseUrl: string, request: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: RawHeader[] = [['Host', `${hostname}:${port}`], ...(request.headers ?? []), ['Connection', 'close']];
  const hasLength = headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (body && !hasLength && !request.omitContentLength) headers.push(['Content-Length', String(body.length)]);
  const head = Buffer.concat([
    Buffer.from(`${request.method} `),
    Buffer.from(request.target),
    Buffer.from(' HTTP/1.1\r\n'),
    ...headers.flatMap(([name, value]) => [Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n')]),
    Buffer.from('\r\n'),
  ]);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      const answer = received.length > 0 ? parseAnswer(received) : undefined;
      if (answer) resolve(answer);
      else reject(error ?? new Error(`the connection closed without an answer (${received.length} bytes)`));
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new NoAnswerError(`no complete answer within ${timeoutMs} ms to ${request.method} ${String(request.target).slice(0, 120)}`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // The server may answer (413, 400) and close before it has read the whole body: the answer still counts.
    socket.on('error', (error) => finish(error));
    socket.write(head);
    if (body) socket.write(body);
  });
}

function parseAnswer(data: Buffer): RawAnswer | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = data.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = unchunk(body);
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (body.length < length) return undefined;
    body = body.subarray(0, length);
  }
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json, bytes: data.length };
}

function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
