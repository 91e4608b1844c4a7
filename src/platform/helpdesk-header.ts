// X-Lark-Helpdesk-Authorization: base64("helpdesk_id:helpdesk_token"), with or without "Bearer " (Node SDK vs Go SDK).

export const HELPDESK_HEADER = 'x-lark-helpdesk-authorization';

export function parseHelpdeskHeader(value: string | string[] | undefined): { helpdesk_id: string; helpdesk_token: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const encoded = value.replace(/^Bearer\s+/i, '').trim();
  if (encoded === '' || encoded.length > 1024 || !/^[A-Za-z0-9+/=_-]+$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  // Control characters are no part of an id or a token, and U+0000 would reach the database, which refuses it.
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { helpdesk_id: decoded.slice(0, colon), helpdesk_token: decoded.slice(colon + 1) };
}

/** Parses "Authorization: Bearer <token>". */
export function bearerToken(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : undefined;
}
