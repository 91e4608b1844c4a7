import { badField } from '../../../../../platform/errors.js';
import type { Helpdesk } from '../../../../../repositories/helpdesks-repository.js';

/** The path's helpdesk must be the one the helpdesk header proved. */
export function sameHelpdesk(proved: Helpdesk, helpdesk_id: string): string {
  if (proved.helpdesk_id !== helpdesk_id) throw badField('helpdesk_id', 'is not the helpdesk of X-Lark-Helpdesk-Authorization', helpdesk_id);
  return helpdesk_id;
}
