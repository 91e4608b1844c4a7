// Query strings as Feishu's clients send them: arrays as repeated keys (`status=1&status=2`) or, from the SDK's
// generic request(), bracketed keys (`status[]=1`). Both parse to the same thing. Keys are read into an object
// without a prototype, so `__proto__=` is just an unknown key.

export function parseQueryString(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null);
  if (query === '') return result;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (key.endsWith('[]')) key = key.slice(0, -2);
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}

// A malformed escape (`%zz`) is kept literally rather than failing the request: the value then fails the
// parameter's own validation, which names the parameter.
function decode(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
