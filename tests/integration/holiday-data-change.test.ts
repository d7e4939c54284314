import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import * as activities from '../../activities';
import { loadConfig } from '../../config/load';
import { dueAt } from '../../workflows/calendar';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import { stepUpdate, viewQuery } from '../../workflows/engine/messages';
import { casePolicyFor } from '../../workflows/engine/policy';
import type { RunProcedureInput } from '../../workflows/engine/run-procedure';
import { getProcedure } from '../../workflows/procedures';
import { appWorkflowBundle, useTempDataDir } from '../support/app-worker';
import { as } from '../support/fixtures';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { waitFor } from '../support/wait';

// Issue 15, the data-change case: a complaint opened on Wednesday 2026-12-30 10:00 (+08:00) on a Monday–Friday
// 09:00–18:00 calendar, while the holiday data ends on 2026-12-31, has its remedy (3 working days) due on 2027-01-04
// 10:00. The worker then restarts on data that makes 2027-01-01 a holiday — a case opened now would be due 01-05 —
// and the open case must not move: its history replays, and its deadline, timer and escalation ladder stay on 01-04.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'holiday-data-change';
const MIN = 60_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  useTempDataDir();
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** A config folder with one Monday–Friday 09:00–18:00 site on the national arrangement and the given holiday files. */
function configDir(holidayFiles: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-holidays-'));
  mkdirSync(path.join(dir, 'sites'));
  mkdirSync(path.join(dir, 'holidays'));
  writeFileSync(
    path.join(dir, 'sites', 'office.yaml'),
    "id: office\nname: Office\nkind: mall\ncalendar:\n  hours: [{ start: '09:00', end: '18:00' }]\n  holidays: cn\n",
  );
  writeFileSync(
    path.join(dir, 'users.yaml'),
    'users:\n  - { id: a, name: A, password: "scrypt$x$y", roles: { office: [gm] } }\n',
  );
  for (const [name, text] of Object.entries(holidayFiles)) writeFileSync(path.join(dir, 'holidays', name), text);
  return dir;
}

/** A country file making New Year's Day and the weekend after it rest days (test data, not a real notice). */
const newYear = (y: number) =>
  `country: cn\nyear: ${y}\nsource: test data\nholidays: [${y}-01-01, ${y}-01-02, ${y}-01-03]\n`;
const intake = {
  customer: { name: '张女士', phone: '13800138000' },
  channel: 'phone',
  location: '办公区',
  category: 'product',
  subcategory: 'quality',
  description: '买到的牛奶已过期',
  request: '退货并道歉',
  declinesFollowUp: true,
};
const contact = { method: 'phone', summary: '已致歉', severity: 'normal', onSiteVisitNeeded: false };
const at = (iso: string) => Date.parse(iso);
const view = (handle: WorkflowHandle): Promise<CaseView> => handle.query(viewQuery);
const remedyRungs = (v: CaseView) => v.escalations.filter((e) => e.timer === 'remedy');

async function skipTo(ms: number) {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
}

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await appWorkflowBundle(),
    activities,
    // No sticky cache: the case's next task must not wait for the stopped worker's sticky queue, whose timeout the
    // time-skipping server does not skip.
    maxCachedWorkflows: 0,
  });
  return worker.runUntil(fn);
}

it('an open case keeps its deadline, timer and escalations on 2027-01-04 after the data adds 2027-01-01', async () => {
  // The test server's clock starts at the machine's: once 2026-12-30 has passed, the same scenario runs eleven years
  // later, when every date falls on the same weekday (2037-12-30 is a Wednesday too), with test data for 2037 standing
  // in for the package's 2026 (no holiday in the last days of December either way).
  const Y = (await env.currentTimeMs()) < at('2026-12-30T00:00:00+08:00') ? 2026 : 2037;
  const N = Y + 1;
  const opened = at(`${Y}-12-30T10:00:00+08:00`);
  const data: Record<string, string> = Y === 2026 ? {} : { [`${Y}.yaml`]: `country: cn\nyear: ${Y}\nholidays: []\n` };
  const def = getProcedure('complaint', 1); // its recorded history is of version 1
  const before = loadConfig(configDir(data)).sites.get('office')!;
  const after = loadConfig(configDir({ ...data, [`${N}.yaml`]: newYear(N) })).sites.get('office')!;

  await skipTo(opened);
  const start = await env.currentTimeMs();
  const input: RunProcedureInput = {
    procedure: def.id,
    version: def.version,
    caseId: 'complaint-office-holiday-change',
    number: `KS-${Y}1230-0001`,
    site: 'office',
    policy: casePolicyFor(def, before, start),
    data: intake,
    startedBy: as('cs_agent'),
    visibility: false,
  };
  // The case carries the data of its horizon: 2026 covered, 2027 not (the package ends on 2026-12-31).
  expect(input.policy.calendar.holidayTable?.years).toEqual([Y]);
  const handle = await env.client.workflow.start('runProcedure', {
    workflowId: input.caseId,
    taskQueue,
    args: [input],
  });

  const dueBefore = await withWorker(async () => {
    await handle.executeUpdate(stepUpdate, {
      args: [{ type: 'customer_contacted', data: contact, actor: as('dept_manager') } satisfies StepInput],
    });
    const v = await view(handle);
    const remedy = v.timers.find((t) => t.id === 'remedy')!;
    // 12-31, 01-01 (unknown: counted as a weekday), 01-04 → 2027-01-04 10:00, with the coverage warning.
    expect(remedy.dueAt.slice(0, 16)).toBe(`${N}-01-04T02:00`);
    expect(remedy.holidaysUnknownFrom).toBe(`${N}-01-01`);
    return Date.parse(remedy.dueAt);
  });

  // The data change: a case opened now would be due on 01-05 …
  const newCase = casePolicyFor(def, after, start).calendar;
  expect(new Date(dueAt('3WD', start, newCase)).toISOString().slice(0, 16)).toBe(`${N}-01-05T02:00`);
  // … while the open case's history replays on the restarted worker …
  await Worker.runReplayHistory({ workflowBundle: await appWorkflowBundle() }, await handle.fetchHistory());

  await withWorker(async () => {
    // … and its deadline, timer and ladder stay where they were: nothing on 01-04 09:59, …
    await skipTo(dueBefore - MIN);
    let v = await view(handle);
    expect(v.timers.find((t) => t.id === 'remedy')?.dueAt).toBe(new Date(dueBefore).toISOString());
    expect(remedyRungs(v)).toEqual([]);
    // … the branch GM at 01-04 10:00 (the timer fired on the due time the view showed), the GM a working day later.
    await skipTo(dueBefore + 1000);
    await waitFor(async () => remedyRungs(await view(handle)).length >= 1 && view(handle), { what: 'rung 1' });
    const secondDue = at(`${N}-01-05T10:00:00+08:00`) + (dueBefore - at(`${N}-01-04T10:00:00+08:00`));
    await skipTo(secondDue + 1000);
    v = await waitFor(async () => remedyRungs(await view(handle)).length >= 2 && view(handle), { what: 'rung 2' });
    const rungs = remedyRungs(v);
    expect(rungs.map((e) => [e.level, e.to, e.dueAt.slice(0, 16)])).toEqual([
      [1, 'branch_gm', `${N}-01-04T02:00`],
      [2, 'gm', `${N}-01-04T02:00`],
    ]);
    expect(Date.parse(rungs[0]!.at)).toBeGreaterThanOrEqual(dueBefore);
    expect(Date.parse(rungs[0]!.at)).toBeLessThan(dueBefore + MIN);
    expect(Date.parse(rungs[1]!.at)).toBeGreaterThanOrEqual(secondDue);
    expect(Date.parse(rungs[1]!.at)).toBeLessThan(secondDue + MIN);
    const record = v.deadlines.find((d) => d.timer === 'remedy')!;
    expect([record.dueAt, record.outcome]).toEqual([new Date(dueBefore).toISOString(), 'missed']);
  });

  const history = await handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: await appWorkflowBundle() }, history);
  // RECORD_HISTORIES=1 refreshes the committed history that the replay test checks every change against.
  if (process.env.RECORD_HISTORIES === '1' && Y === 2026)
    writeFileSync(
      path.join(__dirname, '..', 'histories', 'complaint-holiday-data-change.json'),
      historyToJSON(history),
    );
});
