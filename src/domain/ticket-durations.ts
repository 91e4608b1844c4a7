// A ticket's durations are derived from its timestamps, never entered by hand, so they cannot disagree with them.

export interface TicketTimes {
  /** Milliseconds since the epoch; 0 (or absent, or negative like updated_at's -1) means "never happened". */
  created_at: number | null | undefined;
  agent_entry_time: number | null | undefined;
  agent_first_response_time: number | null | undefined;
  agent_last_response_time: number | null | undefined;
  closed_at: number | null | undefined;
  /** Seconds the ticket spent pending (status 4) between agent entry and close. */
  pending_seconds: number | null | undefined;
}

export interface TicketDurations {
  /** Seconds from creation to a human agent's entry. */
  bot_service_duration: number;
  /** Seconds from agent entry to the agent's first reply. */
  agent_first_response_duration: number;
  /** Minutes (float, 2 decimals like Feishu's example 42624.95) from agent entry to the agent's last reply. */
  agent_service_duration: number;
  /** Seconds from agent entry to close. */
  agent_resolution_time: number;
  /** agent_resolution_time minus the seconds spent pending. */
  actual_processing_time: number;
}

function happened(t: number | null | undefined): t is number {
  return typeof t === 'number' && Number.isFinite(t) && t > 0;
}

/**
 * Milliseconds from `from` to `to`; 0 when either never happened (a ticket no agent entered has no agent durations,
 * an open ticket has no resolution time) or when `to` precedes `from` (clock skew or imported data): a duration
 * is never negative, and a made-up one is worse than 0, which every consumer already reads as "none".
 */
function spanMs(from: number | null | undefined, to: number | null | undefined): number {
  return happened(from) && happened(to) && to > from ? to - from : 0;
}

/** Whole seconds elapsed; truncated, as a stopwatch shows them (Feishu answers these as int). */
const seconds = (ms: number): number => Math.floor(ms / 1000);

export function ticketDurations(t: TicketTimes): TicketDurations {
  const resolution = seconds(spanMs(t.agent_entry_time, t.closed_at));
  const p = t.pending_seconds;
  const pending = typeof p === 'number' && Number.isFinite(p) && p > 0 ? Math.round(p) : 0;
  return {
    bot_service_duration: seconds(spanMs(t.created_at, t.agent_entry_time)),
    agent_first_response_duration: seconds(spanMs(t.agent_entry_time, t.agent_first_response_time)),
    agent_service_duration: Math.round(spanMs(t.agent_entry_time, t.agent_last_response_time) / 600) / 100,
    agent_resolution_time: resolution,
    // Subtracted from the answered whole seconds so actual_processing_time <= agent_resolution_time always holds.
    actual_processing_time: Math.max(0, resolution - pending),
  };
}
