// Admin and owner pages: skills with their rule editor and the "who would get this ticket" check, schedules as an
// editable week grid in the helpdesk's time zone, and agents.
import type { FastifyInstance } from 'fastify';
import type { AgentResult } from '../../domain/routing.js';
import { expandWeekday, type ScheduleSlot } from '../../domain/schedule.js';
import { localWeekdayMinute } from '../../domain/schedule-status.js';
import { ruleKind } from '../../domain/skill-rules.js';
import type { Skill } from '../../repositories/skills-repository.js';
import { ruleCatalogue, type RuleInput } from '../../services/skills-service.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from '../layout.js';
import { field, fields, sendPage, type ConsoleServices, type FormBody } from '../plugin.js';
import { OPERATOR_NAMES, operandFromText, operandHint, operandToText } from '../rule-form.js';
import { ConsoleRefusal, type Visit } from '../visit.js';
import { agentNames } from './tickets.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const RESULT_NAMES: Record<AgentResult, string> = {
  picked: 'gets the ticket',
  not_picked: 'available, not picked (more open tickets or assigned more recently)',
  offline: 'offline',
  off_duty: 'off duty now',
  at_cap: 'at the cap of open tickets',
  removed: 'removed',
  not_appointed: 'not appointed',
  not_in_skill: 'not in a matching skill',
};
const STATUS_NAMES: Record<number, string> = { 1: 'Online', 2: 'Offline', 3: 'Off duty', 4: 'Removed' };

export function adminPages(app: FastifyInstance, s: ConsoleServices): void {
  const { routing } = app.kefu;
  const admin = { schema: { hide: true }, config: { console: 'admin' as const } };

  app.get('/console/skills', admin, async (request, reply) => {
    const visit = request.visit;
    const guest = String((request.query as Record<string, unknown>).guest ?? '');
    const [skills, names, users] = await Promise.all([s.skills.list(visit.helpdesk), agentNames(s, visit.helpdesk), s.people.users(visit.helpdesk.tenant_key)]);
    const body = html`
<section aria-labelledby="check-title">
<h2 id="check-title">Who would get this ticket</h2>
<form method="get" action="/console/skills">
<label>Guest <select name="guest">${users.map((u) => html`<option value="${u.open_id}"${u.open_id === guest ? html` selected` : ''}>${u.name}</option>`)}</select></label>
<button>Check</button>
</form>
${guest ? await routingCheck(visit, guest, names, skills) : ''}
</section>
${skills.map((skill) => skillForm(visit, skill, names, guest))}
<section aria-labelledby="catalogue-title">
<h2 id="catalogue-title">Rule kinds</h2>
<table><caption>What a rule can test (GET agent_skill_rules)</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Operators</th><th scope="col">Values</th><th scope="col">Operand as the API stores it</th></tr></thead>
<tbody>${ruleCatalogue().map((k) => html`<tr><td>${k.display_name} (${k.id})</td><td>${k.operator_options.map((o) => OPERATOR_NAMES[o]).join(', ')}</td><td>${operandHint(ruleKind(k.id)!)}</td><td><code>${k.operand}</code></td></tr>`)}</tbody>
</table>
</section>`;
    return sendPage(reply, page({ title: 'Skills', section: 'Skills', body, visit }));
  });

  app.post('/console/skills/:skill_id/rules', admin, async (request, reply) => {
    const { skill_id } = request.params as { skill_id: string };
    const body = request.body as FormBody;
    const ids = fields(body, 'rule_id');
    const operators = fields(body, 'operator');
    const operands = fields(body, 'operand');
    const rules: RuleInput[] = [];
    ids.forEach((id, i) => {
      if (id === '') return;
      const kind = ruleKind(id);
      if (!kind) throw new ConsoleRefusal(400, `Rule ${i + 1}: no such rule kind ${id}.`);
      rules.push({ id, selected_operator: Number(operators[i]), operand: operandFromText(kind, operands[i] ?? '') });
    });
    await s.skills.patch(request.visit.helpdesk, skill_id, { rules });
    const guest = field(body, 'guest');
    return reply.redirect(`/console/skills${guest ? `?guest=${encodeURIComponent(guest)}` : ''}`, 303);
  });

  app.get('/console/schedules', admin, async (request, reply) => {
    const visit = request.visit;
    const tz = visit.helpdesk.time_zone;
    const agents = (await s.agents.listSchedules(visit.helpdesk, [1, 2, 3])).filter((a) => a.status !== 4);
    const now = localWeekdayMinute(app.kefu.clock.now(), tz);
    const nowText = `${DAYS[now.weekday - 1]} ${String(Math.floor(now.minute / 60)).padStart(2, '0')}:${String(now.minute % 60).padStart(2, '0')}`;
    const onDuty = agents.filter((a) => a.status === 1);
    const body = html`
<p>On duty now (${nowText}): ${onDuty.length === 0 ? 'nobody' : onDuty.map((a) => a.agent.name).join(', ')}.</p>
<p class="muted">Type each day's hours as <code>09:00-18:00</code>; several spans with commas; empty for a day off. Changes run the queue.</p>
${agents.map((a) => html`<form id="schedule-${a.agent.id}" method="post" action="/console/schedules/${a.agent.id}">${csrfField(visit)}</form>`)}
<table class="grid">
<caption>Week schedule, ${tz} time</caption>
<thead><tr><th scope="col">Agent</th>${DAYS.map((d, i) => html`<th scope="col"${i + 1 === now.weekday ? html` aria-current="date"` : ''}>${d}</th>`)}<th scope="col">Now</th><th scope="col"><span class="muted">Save</span></th></tr></thead>
<tbody>${agents.map((a) => {
      const days = daysOf(a.schedule);
      return html`<tr><th scope="row">${a.agent.name}</th>${DAYS.map((d, i) => {
        const text = days[i].join(', ');
        return html`<td${i + 1 === now.weekday && a.status === 1 ? html` class="on"` : ''}><label class="sr-only" for="s-${a.agent.id}-${i + 1}">${a.agent.name} ${d}</label><input id="s-${a.agent.id}-${i + 1}" form="schedule-${a.agent.id}" name="day${i + 1}" value="${text}" size="11"></td>`;
      })}<td>${STATUS_NAMES[a.status]}</td><td><button form="schedule-${a.agent.id}" aria-label="Save the schedule of ${a.agent.name}">Save</button></td></tr>`;
    })}</tbody>
</table>`;
    return sendPage(reply, page({ title: 'Schedules', section: 'Schedules', body, visit }));
  });

  app.post('/console/schedules/:agent_id', admin, async (request, reply) => {
    const { agent_id } = request.params as { agent_id: string };
    const body = request.body as FormBody;
    const schedule: ScheduleSlot[] = [];
    DAYS.forEach((day, i) => {
      for (const span of field(body, `day${i + 1}`).split(',').map((t) => t.trim()).filter(Boolean)) {
        const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(span);
        if (!m) throw new ConsoleRefusal(400, `${day}: "${span}" is not a span like 09:00-18:00.`);
        schedule.push({ weekday: i + 1, start_time: m[1].padStart(5, '0'), end_time: m[2].padStart(5, '0') });
      }
    });
    await s.agents.patchSchedule(request.visit.helpdesk, agent_id, { schedule });
    return reply.redirect('/console/schedules', 303);
  });

  app.get('/console/agents', admin, async (request, reply) => {
    const visit = request.visit;
    const agents = await s.agents.listSchedules(visit.helpdesk, [1, 2, 3, 4]);
    const body = html`
${agents.filter((a) => a.status !== 4).map((a) => html`<form id="status-${a.agent.id}" method="post" action="/console/agents/${a.agent.id}/status">${csrfField(visit)}</form>`)}
<table>
<caption>Agents of ${visit.helpdesk.name}</caption>
<thead><tr><th scope="col">Agent</th><th scope="col">Email</th><th scope="col">Status now</th><th scope="col">Skills</th><th scope="col">Set status</th></tr></thead>
<tbody>${agents.map(
      (a) => html`<tr><td>${a.agent.name}</td><td>${a.agent.email}</td><td>${STATUS_NAMES[a.status]}</td><td>${a.agent_skills.map((k) => k.name).join(', ')}</td><td>${
        a.status === 4
          ? ''
          : html`<label class="sr-only" for="st-${a.agent.id}">Status of ${a.agent.name}</label><select id="st-${a.agent.id}" form="status-${a.agent.id}" name="status"><option value="1">Online</option><option value="2"${a.status === 2 ? html` selected` : ''}>Offline</option></select> <button form="status-${a.agent.id}" aria-label="Save the status of ${a.agent.name}">Save</button>`
      }</td></tr>`,
    )}</tbody>
</table>
<p class="muted">Add agents with POST /open-apis/helpdesk/v1/agent_schedules or a fixture.</p>`;
    return sendPage(reply, page({ title: 'Agents', section: 'Agents', body, visit }));
  });

  app.post('/console/agents/:agent_id/status', admin, async (request, reply) => {
    const { agent_id } = request.params as { agent_id: string };
    const status = Number(field(request.body as FormBody, 'status'));
    if (status !== 1 && status !== 2) throw new ConsoleRefusal(400, 'Status must be Online or Offline.');
    await s.agents.setStatus(request.visit.helpdesk, agent_id, status);
    return reply.redirect('/console/agents', 303);
  });

  async function routingCheck(visit: Visit, guest: string, names: Map<string, string>, skills: Skill[]): Promise<Html> {
    const decision = await routing.preview(visit.helpdesk, guest);
    const skillNames = new Map(skills.map((k) => [k.id, k.name]));
    const who = (await s.people.person(guest))?.name ?? guest;
    return html`<div role="status" class="notice" aria-label="Routing check">
<p><strong>${decision.outcome === 'assigned' ? `A ticket of ${who} now goes to ${names.get(decision.agent_id!) ?? decision.agent_id}.` : `A ticket of ${who} now waits in the queue: nobody is available.`}</strong></p>
<p>Skills: ${decision.skills.map((k) => `${skillNames.get(k.skill_id) ?? k.skill_id} ${k.matched ? 'matches' : `does not match (rule ${k.failed_rule_id})`}`).join('; ') || 'none'}</p>
<ul>${decision.agents.map((a) => html`<li>${names.get(a.agent_id) ?? a.agent_id}: ${RESULT_NAMES[a.result]}</li>`)}</ul>
</div>`;
  }
}

/** Each day's spans (Monday first), with Feishu's 9 / 10 / 11 spread over the days they stand for. */
function daysOf(schedule: readonly ScheduleSlot[]): string[][] {
  const days: string[][] = DAYS.map(() => []);
  for (const slot of schedule) for (const d of expandWeekday(slot.weekday)) days[d - 1].push(`${slot.start_time}-${slot.end_time}`);
  return days;
}

function skillForm(visit: Visit, skill: Skill, names: Map<string, string>, guest: string): Html {
  const rows = [...skill.rules, { id: '', selected_operator: 0, operand: '' }];
  const kinds = ruleCatalogue();
  const slug = skill.id.replace(/[^A-Za-z0-9_-]/g, '_');
  return html`<section aria-labelledby="skill-${slug}">
<h2 id="skill-${slug}">${skill.name}</h2>
<p class="muted">Agents: ${skill.agent_ids.map((id) => names.get(id) ?? id).join(', ') || 'none'}</p>
${skill.is_default
    ? html`<p>The default skill: every agent holds it, it has no rules, and it takes the tickets no other skill's available agents can.</p>`
    : html`<form method="post" action="/console/skills/${skill.id}/rules">${csrfField(visit)}<input type="hidden" name="guest" value="${guest}">
<table><caption>Rules of ${skill.name} (all must match)</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Operator</th><th scope="col">Values</th></tr></thead>
<tbody>${rows.map((rule, i) => {
        const n = `${slug}-${i + 1}`;
        const label = `rule ${i + 1} of ${skill.name}`;
        return html`<tr>
<td><label class="sr-only" for="k-${n}">Kind of ${label}</label><select id="k-${n}" name="rule_id" data-operators-in="o-${n}"><option value="">${i === skill.rules.length ? '(add a rule)' : '(remove)'}</option>${kinds.map((k) => html`<option value="${k.id}" data-operators="${k.operator_options.join(' ')}"${k.id === rule.id ? html` selected` : ''}>${k.display_name}</option>`)}</select></td>
<td><label class="sr-only" for="o-${n}">Operator of ${label}</label><select id="o-${n}" name="operator">${Object.entries(OPERATOR_NAMES).map(([code, name]) => {
          // Only the operators the rule kind offers (GET agent_skill_rules' operator_options) can be picked.
          const allowed = !rule.id || (ruleKind(rule.id)?.operator_options.includes(Number(code)) ?? true);
          return html`<option value="${code}"${Number(code) === rule.selected_operator ? html` selected` : ''}${allowed ? '' : html` disabled hidden`}>${name}</option>`;
        })}</select></td>
<td><label class="sr-only" for="v-${n}">Values of ${label}</label><input id="v-${n}" name="operand" value="${rule.id ? operandToText(rule.id, rule.operand) : ''}" size="30"></td>
</tr>`;
      })}</tbody></table>
<button>Save rules of ${skill.name}</button>
</form>`}
</section>`;
}
