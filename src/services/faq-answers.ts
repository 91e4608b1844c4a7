// The helpdesk bot answering from the knowledge base (docs/knowledge-base.md#the-bot): on its own when a guest writes
// in a bot-stage ticket and the helpdesk's `bot_auto_answer` is on, or as an app asks through answer_user_query.
// Either way the answer is a bot message (sender_type 1) with its ticket_message.created_v1, and the categories of
// the FAQs it used join the ticket's FAQ categories, which routing's rules 14/15/16 read when the ticket goes human.
import { MIN_BOT_COVERAGE, rankIndexed } from '../domain/faq-search.js';
import { badField } from '../platform/errors.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { FaqRow } from '../repositories/knowledge-base-repository.js';
import { indexedFaqs, liveFaqs } from './knowledge-base-service.js';
import type { LiveTicket, TicketWriter } from './ticket-writer.js';

/** At most this many FAQs in one answer of the bot's own. */
export const MAX_BOT_ANSWERS = 3;
/** Besides the best match, the bot shows the FAQs scoring at least this share of its score. */
export const RUNNER_UP_SHARE = 0.5;

export class FaqAnswers {
  constructor(private readonly writer: TicketWriter) {}

  /** After a guest's message: answer with the best matches when the ticket is the bot's and the setting is on. */
  async afterGuestMessage(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, question: string, now: number): Promise<void> {
    if (t.state.ticket_type !== 1 || t.state.status > 5) return;
    if (!(await repos.helpdeskSettings.get(helpdesk.helpdesk_id)).bot_auto_answer) return;
    const faqs = await liveFaqs(repos, helpdesk.helpdesk_id, now);
    const hits = rankIndexed(question, indexedFaqs(faqs), MIN_BOT_COVERAGE);
    if (hits.length === 0) return;
    const chosen = hits.filter((h) => h.score >= hits[0].score * RUNNER_UP_SHARE).slice(0, MAX_BOT_ANSWERS);
    const byId = new Map(faqs.map((f) => [f.faq_id, f]));
    await this.post(repos, helpdesk, t, chosen.map((h) => byId.get(h.faq_id)!), now);
  }

  /**
   * answer_user_query's faqs: each id must be an online FAQ of the helpdesk (else 400/154000 naming faqs[i].id);
   * the answers are posted best score first. An empty list posts nothing.
   */
  async answerWith(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, faqs: readonly { id?: string; score?: number }[], now: number): Promise<void> {
    const live = new Map((await liveFaqs(repos, helpdesk.helpdesk_id, now)).map((f) => [f.faq_id, f]));
    const chosen = faqs.map((f, i) => {
      const row = f.id === undefined ? undefined : live.get(f.id);
      if (!row) throw badField(`faqs[${i}].id`, 'no such FAQ in this helpdesk', f.id);
      return { row, score: f.score ?? 0, i };
    });
    if (chosen.length === 0) return;
    chosen.sort((a, b) => b.score - a.score || a.i - b.i);
    await this.post(repos, helpdesk, t, [...new Map(chosen.map((c) => [c.row.faq_id, c.row])).values()], now);
  }

  private async post(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, faqs: readonly FaqRow[], now: number): Promise<void> {
    const text = faqs.map((f) => `${f.question}\n${f.answer}`).join('\n\n');
    const posted = await this.writer.postInTicket(repos, helpdesk, t, { kind: 'bot_message' }, null, { msg_type: 'text', content: { text }, text }, now);
    const filed = await repos.knowledgeBase.categoriesOfFaqs(faqs.map((f) => f.faq_id));
    const touched = new Set<string>(JSON.parse(posted.ticket.life.faq_categories) as string[]);
    const before = touched.size;
    for (const f of faqs) for (const c of filed.get(f.faq_id) ?? []) touched.add(c.category_id);
    if (touched.size !== before) await repos.ticketLives.upsert({ ...posted.ticket.life, faq_categories: JSON.stringify([...touched]) });
  }
}
