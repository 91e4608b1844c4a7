// What an app's event subscription must hold beyond its schema, for PUT and for fixtures alike. Pure.
export interface SubscriptionShape {
  mode: string;
  request_url?: string;
}

/** The first fault, naming its field, or undefined when the subscription is whole. */
export function subscriptionProblem(s: SubscriptionShape): { field: 'request_url'; description: string } | undefined {
  if (s.mode === 'webhook' && !s.request_url) return { field: 'request_url', description: 'a webhook subscription needs a request_url' };
  if (s.request_url !== undefined && !isHttpUrl(s.request_url)) return { field: 'request_url', description: 'must be an http:// or https:// URL' };
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
