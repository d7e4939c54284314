import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const file = (name: string, c: string) => ({ name, sha256: c.repeat(64), size: 1024 });
const evidence = step(
  'evidence_added',
  { kind: 'cctv_footage', description: '出口监控 18:02', attachments: [file('cctv.mp4', 'a')] },
  'lp_officer',
);
const statement = step(
  'statement_taken',
  {
    admittedVoluntarily: true,
    summary: '承认拿了两瓶酒',
    attachments: [file('statement.pdf', 'b')],
    employeeKeptApart: true,
  },
  'lp_officer',
);
const reportedToSupervisor = step(
  'reported_to_supervisor',
  {
    suspectProfile: '入职两年,无违纪记录',
    account: '18:02 经员工通道带出两瓶白酒',
    nothingWithheld: true,
    keptWithinLossPrevention: true,
  },
  'lp_officer',
);

const factsEstablished = step(
  'review_done',
  {
    verdict: 'facts_established',
    factsClear: true,
    evidenceConclusive: true,
    goodsDescription: '白酒两瓶',
    goodsValue: 199.9,
    findings: '监控与陈述书一致',
  },
  'lp_supervisor',
);
const reviewing = [evidence, statement, step('supervisor_arrived', {}, 'lp_supervisor'), reportedToSupervisor];

/** Per deadline of each version (v2 adds leadership's decision): the steps before it and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = (version) => ({
  supervisor_report: { before: [evidence], step: reportedToSupervisor },
  review: { before: reviewing, step: factsEstablished },
  ...(version >= 2
    ? {
        leadership_decision: {
          before: [
            ...reviewing,
            factsEstablished,
            step('employee_account_recorded', { outcome: 'declined', witnessedBy: '高峰' }, 'lp_supervisor'),
            step(
              'outcome_proposed',
              { dismissal: true, compensationMultiple: 2, residenceNotice: false, reasoning: '初犯' },
              'lp_supervisor',
            ),
          ],
          step: step('leadership_decided', { decision: 'approved' }, 'executive'),
        },
      }
    : {}),
});
