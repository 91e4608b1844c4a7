// The routing decision's vocabulary (lifecycle.md "Routing"). The decision itself is a pure function that the
// routing work adds here; the lifecycle only needs these types to apply a decision.
export type RoutingTrigger = 'start_service' | 'transfer' | 'queue';

export interface RoutingSubject {
  city: string;
  language: string;
  department_id: string;
  level: number;
  source: 0 | 1;
  faq_categories: string[];
  user_id: string;
}

export type AgentResult = 'picked' | 'offline' | 'off_duty' | 'at_cap' | 'removed' | 'not_appointed' | 'not_in_skill';

export interface RoutingDecision {
  at_ms: number;
  trigger: RoutingTrigger;
  subject: RoutingSubject;
  skills: { skill_id: string; matched: boolean; failed_rule_id?: number }[];
  agents: { agent_id: string; result: AgentResult }[];
  outcome: 'assigned' | 'queued';
  agent_id?: string;
}
