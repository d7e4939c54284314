import type { z } from 'zod';
import type { CasePolicy, Done, StepEventsOf } from '../../engine';
import type {
  ComplaintIntake,
  CaseClosedSchema,
  CustomerContactedSchema,
  Department,
  FollowUpCalledSchema,
  InjuryAssessedSchema,
  InsurerNotifiedSchema,
  MediaEnquiryReceivedSchema,
  OnSiteVisitedSchema,
  OwnerRole,
  RecordConfirmedSchema,
  RectificationIssuedSchema,
  RemedyProposal,
  RemedyReviewedSchema,
  RepairKind,
  RepairVisitedSchema,
  RepeatComplaintReceivedSchema,
  RepeatReason,
  ResultToldSchema,
  Severity,
  WitnessesRecordedSchema,
  events,
} from './events';

// What a complaint case keeps (its context) and its events, derived from the steps' schemas.

type Data<S extends z.ZodType> = z.infer<S>;

export interface Proposal extends RemedyProposal, Done {
  n: number;
  review: (Data<typeof RemedyReviewedSchema> & Done) | null;
}

/** One line of the penalty ledger (rules 8–14): charged to a department for complaint number `complaint`. */
export interface Penalty {
  department: Department;
  rule: number;
  amount: number;
  complaint: number;
  reason: RepeatReason | 'first_complaint';
  at: number;
}

export interface FollowUpCall extends Data<typeof FollowUpCalledSchema>, Done {
  round: number;
}

export interface ComplaintContext {
  policy: CasePolicy;
  intake: ComplaintIntake;
  registeredAt: number;
  /** The manager who owns the case now; the steps that need "department manager or above" wait for this rung or higher. */
  owner: OwnerRole;
  ownerChanges: Array<
    { from: OwnerRole; to: OwnerRole; why: 'by_hand' | 'agreed_visit_missed'; reason: string } & Done
  >;
  record: (Data<typeof RecordConfirmedSchema> & Done) | null;
  contact: (Data<typeof CustomerContactedSchema> & Done) | null;
  severity: Severity | null;
  onSiteVisit: (Data<typeof OnSiteVisitedSchema> & Done) | null;
  rectification: (Data<typeof RectificationIssuedSchema> & Done) | null;
  /** Remedy deadlines count from here: the registration, or the moment the customer refused a result or complained again. */
  remedyClockFrom: number;
  proposals: Proposal[];
  temporaryMeasure: number | null;
  approvedRemedy: number | null;
  repair: {
    /** A repair visit that is due, and its kind; null when none is due. */
    due: RepairKind | null;
    dueFrom: number;
    visits: Array<Data<typeof RepairVisitedSchema> & Done>;
  };
  followUp: {
    round: number;
    /** When this day's round began: the registration, then each previous round's due time (no drift). */
    roundFrom: number;
    calledThisRound: boolean;
    calls: FollowUpCall[];
    appointment: { at: string; purpose: string; round: number } | null;
    /** Consecutive follow-up days on which the customer said nobody came for the agreed visit (规则 3). */
    missedVisitDays: number;
    lastMissRound: number | null;
  };
  result: (Data<typeof ResultToldSchema> & Done) | null;
  resultAccepted: boolean;
  repeats: Array<Data<typeof RepeatComplaintReceivedSchema> & Done & { complaint: number }>;
  penalties: Penalty[];
  large: { reason: 'claim_over_threshold' | 'open_over_three_days'; at: number } | null;
  injury: {
    decision: (Data<typeof InjuryAssessedSchema> & Done) | null;
    witnesses: (Data<typeof WitnessesRecordedSchema> & Done) | null;
    insurer: (Data<typeof InsurerNotifiedSchema> & Done) | null;
  } | null;
  media: Array<Data<typeof MediaEnquiryReceivedSchema> & Done>;
  closure: (Data<typeof CaseClosedSchema> & Done) | null;
}

export type ComplaintEvent = StepEventsOf<typeof events>;
