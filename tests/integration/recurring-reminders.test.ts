import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { remindRecurring } from '../../activities/remind';
import { readOutbox } from '../../activities/outbox';
import { startSmtp } from '../../activities/channels/test-support';
import { loadConfig } from '../../config/load';
import { siteRuns } from '../../workflows/engine/policy';
import { recurringScheduleId } from '../../workflows/engine/recurring';
import { syncRecurringSchedules } from '../../worker/recurring-schedules';
import { useDevServer } from '../support/dev-server-fixture';
import { waitFor } from '../support/wait';

// The perimeter plan's yearly drill reminder (procedures.md §2, seed 四.3) as Temporal Schedules on a real server.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'recurring-reminders-test';
const dev = useDevServer({ inProcessWorker: taskQueue });
let client: Client;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  client = dev.client;
  smtp = await startSmtp();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'procwf@demo.local' });
});

afterAll(async () => {
  await smtp?.close();
  delete process.env.SMTP_HOST;
});

const drillId = (site: string) => recurringScheduleId(site, 'perimeter-alarm', 'yearly_drill');

/** Year, month, day, hour and minute of an instant in a zone. */
function wallClock(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

describe('recurring reminders as Temporal Schedules', () => {
  it('gives every site that runs the perimeter plan a yearly drill reminder on 1 March at 09:00 of the site, and syncing again changes nothing', async () => {
    const config = loadConfig();
    const first = await syncRecurringSchedules(client, config.sites.values(), taskQueue);
    // Issue 19: the 4S store runs only its complaint procedure, so no perimeter drill is scheduled there.
    const drilled = [...config.sites.values()].filter((site) => siteRuns(site, 'perimeter-alarm'));
    expect(drilled.map((site) => site.id)).not.toContain('xingchi-4s');
    expect(first.created.sort()).toEqual(drilled.map((site) => drillId(site.id)).sort());

    for (const site of drilled) {
      const described = await client.schedule.getHandle(drillId(site.id)).describe();
      expect(described.spec.timezone).toBe(site.calendar.zone);
      const next = described.info.nextActionTimes[0]!;
      const year = Number(wallClock(new Date(), site.calendar.zone).slice(0, 4));
      const expected = new Date() < new Date(`${year}-03-01T00:00:00Z`) ? year : year + 1;
      expect(wallClock(next, site.calendar.zone)).toBe(`${expected}-03-01 09:00`);
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'recurringReminder' });
    }

    const again = await syncRecurringSchedules(client, config.sites.values(), taskQueue);
    expect(again.created).toEqual([]);
    expect(again.deleted).toEqual([]);
    expect(again.updated.sort()).toEqual(first.created.sort());
  });

  it('reminds the office director (城市花园 四.1, 四.3: 管理处主任/经理) in-app and by e-mail when the day comes, once per occurrence', async () => {
    const handle = client.schedule.getHandle(drillId('chengshi-garden'));
    await handle.trigger(); // the day comes (the schedule's own action, started by the server)
    const workflowId = await waitFor(async () => {
      const { info } = await handle.describe();
      return info.recentActions[0]?.action.workflow.workflowId;
    });
    const result = await client.workflow.getHandle(workflowId).result();
    // RECORD_HISTORIES=1 refreshes the committed history that the replay test checks every change against.
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(path.join(__dirname, '..', 'histories', 'recurring-drill-reminder.json'), historyToJSON(history));
    }
    expect(result.delivered.sort()).toEqual(['email', 'in_app']);

    const notices = (await readOutbox()).filter((n) => n.kind === 'reminder' && n.site === 'chengshi-garden');
    expect(notices).toEqual([
      expect.objectContaining({ role: 'office_director', about: 'yearly_drill', procedure: 'perimeter-alarm' }),
    ]);
    const mails = smtp.received.filter((m) => m.headers['x-idempotency-key']?.startsWith(workflowId));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['office_director@demo.local']);
    expect(mails[0]!.headers.subject).toBe('【提醒】城市花园：年度周界报警应急演练');
    expect(mails[0]!.text).toContain('勾选“演练”');

    // The same occurrence delivered again (a retried activity, a second worker) reminds nobody twice.
    await remindRecurring({
      site: 'chengshi-garden',
      procedure: 'perimeter-alarm',
      obligation: 'yearly_drill',
      to: ['office_director'],
      channels: ['in_app', 'email'],
      key: workflowId,
      at: new Date().toISOString(),
    });
    expect(smtp.received.filter((m) => m.headers['x-idempotency-key']?.startsWith(workflowId))).toHaveLength(1);
    expect((await readOutbox()).filter((n) => n.kind === 'reminder')).toHaveLength(1);
  });

  it('follows a site that moves the drill or turns it off', async () => {
    const config = loadConfig();
    config.sites.get('xinghe-mall')!.procedures['perimeter-alarm'] = { recurring: { yearly_drill: null } };
    config.sites.get('chengshi-garden')!.procedures['perimeter-alarm'] = {
      recurring: {
        yearly_drill: { month: 10, day: 15, hour: 14, minute: 30, to: ['security_captain'], channels: ['in_app'] },
      },
    };
    const result = await syncRecurringSchedules(client, config.sites.values(), taskQueue);
    expect(result.deleted).toEqual([drillId('xinghe-mall')]);
    await expect(client.schedule.getHandle(drillId('xinghe-mall')).describe()).rejects.toThrow();
    const moved = await client.schedule.getHandle(drillId('chengshi-garden')).describe();
    const zone = config.sites.get('chengshi-garden')!.calendar.zone;
    expect(wallClock(moved.info.nextActionTimes[0]!, zone).slice(5)).toBe('10-15 14:30');
  });
});
