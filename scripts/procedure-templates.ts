/**
 * The files `npm run new-procedure -- <id>` writes: a working two-step procedure (a response within a deadline, then
 * a closing report within a working day), its strings, its deadline scenarios, a model-based test and a time-skipping
 * test. Kept apart from the command so that a test can generate, compile and run them in a scratch folder.
 *
 * Longer than 300 lines on purpose: most of it is the text of the files written, one template literal per file, each
 * a working file of a new procedure; they are read one at a time, and a file per template would only scatter them.
 */

export interface ProcedureNames {
  /** Procedure id, lowercase with dashes, e.g. residential-theft. */
  id: string;
  /** Prefix of readable case numbers, e.g. RT. */
  prefix: string;
  /** Names shown to people. */
  nameEn: string;
  nameZh: string;
}

/** residential-theft → residentialTheft */
export const camelOf = (id: string) => id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** residential-theft → ResidentialTheft */
export const pascalOf = (id: string) => camelOf(id).replace(/^./, (c) => c.toUpperCase());
/** residential-theft → RT; a one-word id gives its first two letters. */
export const defaultPrefix = (id: string) => {
  const parts = id.split('-').filter(Boolean);
  return (parts.length > 1 ? parts.map((p) => p[0]).join('') : id.slice(0, 2)).toUpperCase().slice(0, 4);
};
/** residential-theft → Residential theft */
export const titleOf = (id: string) => id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Checks an id: lowercase letters, digits and dashes, starting with a letter. */
export function idProblem(id: string): string | null {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)
    ? null
    : `procedure id ${id}: use lowercase letters, digits and dashes`;
}

/** Every file of a new procedure folder, by path relative to that folder. */
export function procedureFiles(names: ProcedureNames): Record<string, string> {
  const { id, prefix } = names;
  const camel = camelOf(id);
  const Pascal = pascalOf(id);
  return {
    'index.ts': `import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { ${camel}Machine } from './machine';
import { policy } from './policy';

/** ${names.nameEn} (${names.nameZh}). A changed machine ships as a new version beside this one: see docs/adding-a-procedure.md. */
export const ${camel}: ProcedureDefinition = {
  id: '${id}',
  version: 1,
  numberPrefix: '${prefix}',
  machine: ${camel}Machine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: { by: 'monitor_guard', data: { description: '北门岗报告:示例情况' } },
};
`,
    'events.ts': `import { z } from 'zod';
import type { EventSpec } from '../../engine';

/** Data of each step of ${id}, with the roles that may send it. Event names are facts in the past tense. */

const note = z.string().trim().max(2000).optional().describe('Free-text remark');

export const CaseOpenedSchema = z.object({
  description: z.string().trim().min(1).max(4000).describe('What happened, where'),
});

export const ResponseRecordedSchema = z.object({
  action: z.string().trim().min(1).max(4000).describe('What was done'),
  note,
});

export const CaseClosedSchema = z.object({
  summary: z.string().trim().min(1).max(8000).describe('Outcome and lessons'),
});

export const events = {
  response_recorded: { schema: ResponseRecordedSchema, roles: ['squad_leader', 'security_captain'] },
  case_closed: { schema: CaseClosedSchema, roles: ['security_captain', 'office_director'] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = {
  schema: CaseOpenedSchema,
  roles: ['monitor_guard', 'squad_leader', 'security_captain'],
};
`,
    'policy.ts': `import type { ProcedurePolicyInput } from '../../engine';

/** Default deadlines and ladders; a site overrides any of them under procedures.${id} in its policy file. */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    response: 'PT15M', // (policy) someone responds within 15 minutes of the case opening
    closing: '1WD', // (policy) the closing report within one working day of the response
  },
  ladders: {
    response: [
      { role: 'squad_leader', after: 'PT0S', channels: ['in_app'] },
      { role: 'security_captain', after: 'PT15M', channels: ['in_app', 'email'] },
    ],
    closing: [
      { role: 'security_captain', after: 'PT0S', channels: ['in_app'] },
      { role: 'office_director', after: '1WD', channels: ['in_app', 'email'] },
    ],
  },
};
`,
    'machine.ts': `import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  deadline,
  engineActions,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import type { CaseClosedSchema, CaseOpenedSchema, ResponseRecordedSchema, events } from './events';

export interface ${Pascal}Context {
  policy: CasePolicy;
  description: string;
  /** Each step as recorded: its data, who did it (by, role) and when (at, epoch ms). */
  response: Recorded<typeof ResponseRecordedSchema> | null;
  closing: Recorded<typeof CaseClosedSchema> | null;
}

// One member per step of events.ts, with the data its schema outputs: the schemas are the one source.
type ${Pascal}Event = StepEventsOf<typeof events>;

/** ${names.nameEn}: a response within the \`response\` deadline, then the closing report within \`closing\`. */
export const ${camel}Machine = setup({
  types: {
    context: {} as ${Pascal}Context,
    events: {} as ${Pascal}Event,
    input: {} as CaseMachineInput<z.infer<typeof CaseOpenedSchema>>,
  },
  actions: { ...engineActions },
  // Deadlines are named delays read from the case's policy; the engine turns them into Temporal timers.
  delays: {
    response: deadline<${Pascal}Context>('response'),
    closing: deadline<${Pascal}Context>('closing'),
  },
}).createMachine({
  id: '${id}',
  context: ({ input }) => ({ policy: input.policy, description: input.data.description, response: null, closing: null }),
  initial: 'awaitingResponse',
  states: {
    awaitingResponse: {
      after: { response: { actions: { type: 'escalate', params: { timer: 'response' } } } },
      on: {
        response_recorded: {
          target: 'closing',
          actions: [
            assign({ response: ({ event }) => recorded(event) }),
            { type: 'inform', params: { role: 'security_captain', about: 'response_recorded' } },
          ],
        },
      },
    },
    closing: {
      after: { closing: { actions: { type: 'escalate', params: { timer: 'closing' } } } },
      on: {
        case_closed: { target: 'closed', actions: assign({ closing: ({ event }) => recorded(event) }) },
      },
    },
    closed: { type: 'final' },
  },
});
`,
    'i18n/en.json': `${JSON.stringify(
      {
        name: names.nameEn,
        description: `${names.nameEn}: a response within 15 minutes, then the closing report within a working day.`,
        states: { awaitingResponse: 'Awaiting response', closing: 'Closing report', closed: 'Closed' },
        events: { response_recorded: 'Response recorded', case_closed: 'Case closed' },
        timers: { response: 'Response deadline', closing: 'Closing report deadline' },
        fields: { description: 'What happened', action: 'What was done', summary: 'Summary', note: 'Note' },
        values: {},
        rules: {},
        guidance: {
          awaitingResponse: 'Go to the scene and record what you did.',
          closing: 'Write the outcome and what should change.',
        },
      },
      null,
      2,
    )}\n`,
    'i18n/zh-CN.json': `${JSON.stringify(
      {
        name: names.nameZh,
        description: `${names.nameZh}:15 分钟内响应,一个工作日内提交结案报告。`,
        states: { awaitingResponse: '待响应', closing: '结案报告', closed: '已结案' },
        events: { response_recorded: '记录处置情况', case_closed: '结案' },
        timers: { response: '响应时限', closing: '结案报告时限' },
        fields: { description: '事件经过', action: '处置情况', summary: '总结', note: '备注' },
        values: {},
        rules: {},
        guidance: { awaitingResponse: '赶赴现场处置,并记录处置情况。', closing: '写明处理结果及整改意见。' },
      },
      null,
      2,
    )}\n`,
    'deadline-scenarios.ts': `import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
// Every deadline of the machine needs its entry; change these with the machine.
const responded = step('response_recorded', { action: 'went there' }, 'squad_leader');

/** Per deadline (given the version): the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  response: { before: [], step: responded },
  closing: { before: [responded], step: step('case_closed', { summary: 'done' }, 'security_captain') },
});
`,
    'machine.test.ts': `import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { getProcedure } from '..';
import { ${camel}Machine } from './machine';

const def = getProcedure('${id}', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const start = caseStart('${id}', { description: 'test' });
const at = T0 + 60_000;

// Every event a person could send, with data that passes its schema.
const events = [
  { type: 'response_recorded', data: { action: 'went there' }, actor: as('squad_leader'), at },
  { type: 'case_closed', data: { summary: 'done' }, actor: as('security_captain'), at },
];

// TestModel walks the machine's graph (createTestModel refuses machines with \`after\`; timers are tested on Temporal).
const paths = new TestModel(${camel}Machine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths();

describe('${id} machine, every simple path through the pure engine', () => {
  it('reaches the end', () => {
    expect(new Set(paths.map((p) => String(p.state.value)))).toContain('closed');
  });

  it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_name, path) => {
    const { core } = CaseCore.start(def, start, T0);
    let steps = 0;
    for (const { event, state } of path.steps) {
      const e = event as unknown as { type: string; data: Record<string, unknown>; actor: ReturnType<typeof as> };
      if (!e.type.startsWith('xstate.')) {
        core.applyStep({ type: e.type, data: e.data, actor: e.actor }, at);
        steps += 1;
      }
      expect(core.stateName()).toBe(String(state.value));
      const view = core.view(at);
      expect(view.history).toHaveLength(steps);
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    }
  });
});

describe('${id} rules', () => {
  it('refuses a step in the wrong order, by the wrong role, or with bad data, and changes nothing', () => {
    const { core } = CaseCore.start(def, start, T0);
    const before = core.view(at);
    expect(rejectionOf(() => core.applyStep({ type: 'case_closed', data: { summary: 'x' }, actor: as('security_captain') }, at)).kind).toBe('EventNotAllowed');
    expect(rejectionOf(() => core.applyStep({ type: 'response_recorded', data: { action: 'x' }, actor: as('cs_agent') }, at)).kind).toBe('RoleNotAllowed');
    expect(rejectionOf(() => core.applyStep({ type: 'response_recorded', data: { action: '' }, actor: as('squad_leader') }, at)).kind).toBe('InvalidData');
    expect(core.view(at)).toEqual(before);
  });
});
`,
    [`${id}.temporal.test.ts`]: `import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { useTimeSkippingWorker } from '../../../tests/support/app-worker';
import { caseRunner } from '../../../tests/support/procedure-cases';

// ${id} on the time-skipping Temporal test server: deadlines cross by skipped time, not by waiting.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = '${id}-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const cases = caseRunner('${id}', taskQueue, () => env);
const minutes = (n: number) => n * 60_000;

describe('${id} on the time-skipping test server', () => {
  it('escalates a missed response to the squad leader at 15 minutes, then to the security captain', async () => {
    const handle = await cases.open('late', { description: 'test' });
    await env.sleep(minutes(14));
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env.sleep(minutes(2));
    expect((await cases.view(handle)).escalations.map((e) => [e.timer, e.to])).toEqual([['response', 'squad_leader']]);
    await env.sleep(minutes(15));
    expect((await cases.view(handle)).escalations.map((e) => e.to)).toEqual(['squad_leader', 'security_captain']);
    const v = await cases.step(handle, 'response_recorded', { action: 'went there' }, 'squad_leader');
    expect(v.state).toBe('closing');
    await cases.record('${id}-late-response', handle);
  });

  it('runs to the end in time without escalating', async () => {
    const handle = await cases.open('in-time', { description: 'test' });
    await cases.step(handle, 'response_recorded', { action: 'went there' }, 'squad_leader');
    await cases.step(handle, 'case_closed', { summary: 'done' }, 'security_captain');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', timers: [], escalations: [] });
    await cases.record('${id}-closed', handle);
  });
});
`,
  };
}

/**
 * The registry with a procedure added: its import after the last import, its line at the end of the list. The
 * registry (workflows/procedures/index.ts) keeps one entry per line so that this stays a one-line change to read.
 */
export function withRegistryLine(registry: string, id: string): string {
  const camel = camelOf(id);
  if (new RegExp(`from '\\./${id}'`).test(registry)) throw new Error(`${id} is already registered`);
  const lines = registry.split('\n');
  const lastImport = lines.reduce((last, line, i) => (line.startsWith('import ') ? i : last), -1);
  lines.splice(lastImport + 1, 0, `import { ${camel} } from './${id}';`);
  const open = lines.findIndex((line) => /^const registered\b.*= \[$/.test(line));
  const close = lines.findIndex((line, i) => i > open && line === '];');
  if (open < 0 || close < 0) throw new Error('workflows/procedures/index.ts: cannot find the `registered` list');
  lines.splice(close, 0, `  ${camel},`);
  return lines.join('\n');
}
