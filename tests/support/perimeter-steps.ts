import type { StepInput } from '../../workflows/engine/contract';
import { as } from './fixtures';

// Steps of the perimeter-alarm procedure that several Temporal tests send the same way, to cases pinned to version 1
// (version 2's reports have their own filers and fields: workflows/procedures/perimeter-alarm/machine-v2.test.ts).

/**
 * Three steps a perimeter-alarm case just opened must refuse, each with the failure type the workflow's validator
 * gives: an event not allowed now, bad data, a wrong role.
 */
export const perimeterRefusals = (): Array<[StepInput, string]> => [
  [{ type: 'police_arrived', data: {}, actor: as('gate_guard') }, 'EventNotAllowed'],
  [{ type: 'patrol_dispatched', data: { patrol: [] }, actor: as('monitor_guard') }, 'InvalidData'],
  [{ type: 'patrol_arrived', data: {}, actor: as('cs_agent') }, 'RoleNotAllowed'],
];

/** The three `report_filed` steps that close a reported version 1 perimeter alarm, in order: each report's data and its role. */
export const perimeterReports: ReadonlyArray<[Record<string, unknown>, string]> = [
  [{ report: 'senior_management', summary: '已报公司高层' }, 'squad_leader'],
  [{ report: 'investigation_form', summary: '已填写突发事件调查表' }, 'cs_agent'],
  [{ report: 'incident_report', summary: '事故报告' }, 'squad_leader'],
];
