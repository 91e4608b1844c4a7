// The page every console screen shares: one h1, the navigation named after the pages the person may open, and
// who is signed in (with sign-out).
import { assets } from './assets.js';
import { html, type Html } from './html.js';
import type { Visit } from './visit.js';

interface NavLink {
  name: string;
  href: string;
}

/** The pages a role may open, in the navigation's order. */
function navigation(visit: Visit): NavLink[] {
  if (visit.role === 'guest') return [{ name: 'Chat', href: '/console/chat' }];
  const links = [{ name: 'Tickets', href: '/console/tickets' }];
  if (visit.role === 'admin' || visit.role === 'owner') {
    links.push(
      { name: 'Skills', href: '/console/skills' },
      { name: 'Schedules', href: '/console/schedules' },
      { name: 'Agents', href: '/console/agents' },
      { name: 'Apps', href: '/console/apps' },
    );
  }
  // Agents write FAQs too, as the API lets them.
  links.push({ name: 'Knowledge base', href: '/console/knowledge-base' });
  return links;
}

export interface PageInput {
  title: string;
  /** The current page's navigation entry (marked aria-current). */
  section?: string;
  body: Html;
  visit?: Visit;
}

export function page({ title, section, body, visit }: PageInput): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Kefu</title>
<link rel="stylesheet" href="${assets.style.path}">
<script src="${assets.script.path}" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="/console">Kefu</a>
${visit ? html`<nav aria-label="Console"><ul>${navigation(visit).map((l) => html`<li><a href="${l.href}"${l.name === section ? html` aria-current="page"` : ''}>${l.name}</a></li>`)}</ul></nav>
<div class="who"><span>${visit.person.name} · ${visit.helpdesk.name} (${visit.role})</span>${otherHelpdesks(visit)}${signOut(visit)}</div>` : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** A person in several helpdesks switches between them here. */
function otherHelpdesks(visit: Visit): Html {
  const others = visit.memberships.filter((m) => m.helpdesk.helpdesk_id !== visit.helpdesk.helpdesk_id);
  if (others.length === 0) return html``;
  return html`<nav aria-label="Helpdesks"><ul>${others.map((m) => html`<li><a href="/console?helpdesk=${m.helpdesk.helpdesk_id}">${m.helpdesk.name} (${m.role})</a></li>`)}</ul></nav>`;
}

function signOut(visit: Visit): Html {
  return html`<form class="inline" method="post" action="/sign-out">${csrfField(visit)}<button class="secondary">Sign out</button></form>`;
}

/** The hidden field every console form carries; a POST without the session's token is refused. */
export function csrfField(visit: Visit): Html {
  return html`<input type="hidden" name="_csrf" value="${visit.csrf}">`;
}
