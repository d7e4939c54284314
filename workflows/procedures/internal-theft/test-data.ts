import type { AnyStateMachine } from 'xstate';
import { TestModel } from 'xstate/graph';

// Test data both versions' machine tests share (machine.test.ts, machine-v2.test.ts). Imported only by tests.

/** When every test case starts: a Tuesday, 10:00 in Shanghai (epoch ms). */
export const T0 = Date.parse('2026-11-24T02:00:00Z');
/** When every step is sent: a minute after the start (epoch ms). */
export const AT = T0 + 60_000;

/** An attachment whose sha256 is `c` 64 times. */
export const file = (name: string, c = 'a') => ({ name, sha256: c.repeat(64), size: 1024 });

/** A report of internal theft, with `extra` fields over the defaults. */
export const intake = (extra: Record<string, unknown> = {}) => ({
  suspect: { name: '张三', employeeNo: 'E1024', department: '生鲜部' },
  account: '下班时看到他把两瓶酒放进背包',
  rulesAcknowledged: true,
  ...extra,
});

/** One data set per step both versions share, valid for its schema. */
export const sharedStepData = {
  goods_recovered: { items: [{ description: '白酒', quantity: 2, value: 199.9 }], recoveredInFull: true },
  evidence_added: { kind: 'cctv_footage', description: '出口监控 18:02', attachments: [file('cctv.mp4')] },
  statement_taken: {
    admittedVoluntarily: true,
    summary: '承认拿了两瓶酒',
    attachments: [file('statement.pdf', 'b')],
    employeeKeptApart: true,
  },
  supervisor_arrived: {},
  reported_to_supervisor: {
    suspectProfile: '入职两年,无违纪记录',
    account: '18:02 经员工通道带出两瓶白酒',
    nothingWithheld: true,
    keptWithinLossPrevention: true,
  },
  facts_established: {
    verdict: 'facts_established',
    factsClear: true,
    evidenceConclusive: true,
    goodsDescription: '白酒两瓶',
    goodsValue: 199.9,
    findings: '监控与陈述书一致',
  },
  more_evidence_needed: { verdict: 'more_evidence_needed', missing: '需调取收银记录' },
  unfounded: { verdict: 'unfounded', reason: '酒为员工自购,有小票' },
  residence_notified: { publicSecurityOffice: '某县公安局', localOffice: '某街道居委会' },
  reward_recorded: { amount: 50 },
};

/** A step event of the test model, sent by `role` at {@link AT}. */
export const modelStep = (type: string, d: Record<string, unknown>, role: string) => ({
  type,
  data: d,
  actor: { id: role, name: role, role },
  at: AT,
});

/**
 * Every simple path of `machine` from each of `starts` (case starts by name), with the model's `events` and compact
 * state key `serializeState`. TestModel rather than createTestModel: the latter refuses machines with `after`.
 */
export function simplePaths<TStart extends object>(
  machine: AnyStateMachine,
  starts: Record<string, TStart>,
  events: (snapshot: never) => unknown[],
  serializeState: (snapshot: never) => string,
) {
  return Object.entries(starts).flatMap(([name, start]) =>
    new TestModel(machine, {
      input: { ...start, drill: false, startedAt: T0 } as never,
      events: events as never,
      serializeState: serializeState as never,
    })
      .getSimplePaths()
      .map((path) => ({ name, start, path })),
  );
}
