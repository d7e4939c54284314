import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AckInput, CaseView, StepInput } from './contract';

/** Messages shared by the workflow and its clients, defined once. */
export const stepUpdate = defineUpdate<CaseView, [StepInput]>('step');
export const ackUpdate = defineUpdate<CaseView, [AckInput]>('ack');
export const viewQuery = defineQuery<CaseView>('view');
/** One number per Update, the Update id being the case id. Kept for sequences (and histories) that still use it. */
export const nextNumberUpdate = defineUpdate<number, []>('next');
/** Numbers a list of case ids in one Update, answering in the same order; a case id numbered before keeps its number. */
export const numberCasesUpdate = defineUpdate<number[], [string[]]>('number-cases');
/** A sequence's last number and its recently numbered case ids: what a new run of a closed sequence carries on from. */
export const sequenceStateQuery = defineQuery<{ last: number; numbered: Array<[string, number]> }>('sequence-state');
