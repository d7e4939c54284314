import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AckInput, CaseView, StepInput } from './contract';

/** Messages shared by the workflow and its clients, defined once. */
export const stepUpdate = defineUpdate<CaseView, [StepInput]>('step');
export const ackUpdate = defineUpdate<CaseView, [AckInput]>('ack');
export const viewQuery = defineQuery<CaseView>('view');
export const nextNumberUpdate = defineUpdate<number, []>('next');
