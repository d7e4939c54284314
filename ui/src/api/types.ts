/** Shapes the API answers (see /api/openapi.json); only what the UI reads. */
import type { JsonSchema } from '../forms/schema';

export interface SessionUser {
  id: string;
  name: string;
  /** site id → roles held there */
  roles: Record<string, string[]>;
}

export interface ProcedureSummary {
  id: string;
  version: number;
  numberPrefix: string;
  name: string;
  description: string;
  startRoles: string[];
  visibleTo?: string[];
}

export interface DataSpec {
  roles: string[];
  schema: JsonSchema;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export interface ProcedureDetail extends ProcedureSummary {
  states: Array<{ id: string; parent: string | null; type: string; name: string; guidance?: string; events: string[] }>;
  start: DataSpec;
  events: Array<DataSpec & { type: string; label: string }>;
  timers: Array<{ id: string; name: string; deadline: string }>;
  diagram: string;
  i18n: Record<string, Record<string, unknown>>;
}

export interface Escalation {
  n: number;
  timer: string;
  level: number;
  to: string;
  channels: string[];
  dueAt: string;
  at: string;
  notifiedVia: string[];
  /** Channels that refused this rung for good, and the platform's reason. */
  undelivered?: Array<{ channel: string; reason: string }>;
  /** Who the site's on-duty roster picked for this rung, and why (issue 21 point 3); absent on older cases. */
  roster?: {
    by: 'on_duty' | 'deputy' | 'next_rung' | 'everyone' | 'no_roster';
    user?: string;
    name?: string;
    /** Site time: a weekly shift has `days` (sun … sat) and HH:MM; a dated one YYYY-MM-DD HH:MM. */
    shift?: { days?: string[]; from: string; to: string };
  };
  why?: string;
  ackedBy?: string;
  /** Display name of whoever acknowledged it. */
  ackedByName?: string;
  ackedAt?: string;
}

export interface StepRecord {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; name: string };
  role: string;
  at: string;
  state: string;
}

export interface BlockedEvent {
  type: string;
  reasons: string[];
}

export interface CaseView {
  caseId: string;
  number: string;
  procedure: string;
  version: number;
  site: string;
  drill: boolean;
  status: 'open' | 'closed';
  state: string;
  context: Record<string, unknown>;
  allowedEvents: Array<{ type: string; roles: string[] }>;
  allowedEventsForMe: string[];
  blockedEventsForMe?: BlockedEvent[];
  awaitingRoles: string[];
  timers: Array<{
    id: string;
    kind: 'deadline' | 'rung' | 'reminder';
    state: string;
    dueAt: string;
    /** Coverage warning: the first date counted without the official holiday arrangement. */
    holidaysUnknownFrom?: string;
  }>;
  breaches: Array<{ timer: string; state: string; dueAt: string }>;
  nextDueAt: string | null;
  deadlines: Array<{
    timer: string;
    state: string;
    startedAt: string;
    dueAt: string;
    outcome: string;
    endedAt?: string;
  }>;
  escalations: Escalation[];
  /** What was reported and by whom (absent only in old cases carried over before it was kept). */
  intake?: { data: Record<string, unknown>; openedBy: { id: string; name: string; role: string } };
  history: StepRecord[];
  startedAt: string;
  updatedAt: string;
}

export interface CaseSummary {
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  state: string;
  status: string;
  drill: boolean;
  nextDueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  escalatedTo: string[];
  awaitingRoles: string[];
  updatedAt: string;
}

export interface InboxItem extends CaseSummary {
  reason: 'awaiting_my_step' | 'escalated_to_me';
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  issues?: Array<{ path: string; message: string; code?: string }>;
}

export interface SiteInfo {
  id: string;
  name: string;
  zone: string;
}
