import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { notify } from '..';
import { loadConfig, verifyAckToken, type ChannelsFile } from '../../config';
import { startRobotReceiver, type RobotKind } from '../../tests/support/robot-receivers';
import { dingtalk, feishu, postToRobot, wecom } from './robots';
import { freshDataDir, rungPayload } from './test-support';

// Each platform's documented endpoint stands on loopback (tests/support/robot-receivers.ts): it checks the key or
// token and the signature and answers in the platform's contract, so a robot's message is delivered only if it would be.
const config = loadConfig();
const platforms = { wecom, dingtalk, feishu };
type Robot = keyof typeof platforms;
const creds = { key: 'wecom-key', token: 'ding-token', secret: 'SECtest-secret' };

/** How the failure a sender threw is classified: `retry` (Temporal retries the activity) or `final`. */
async function outcomeOf(run: Promise<unknown>): Promise<'delivered' | 'retry' | 'final' | string> {
  try {
    return String(await run);
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return (err as ApplicationFailure).nonRetryable ? 'final' : 'retry';
  }
}

const channelsFor = (robot: Robot, url: string, secret = creds.secret): ChannelsFile => ({
  sites: { 'chengshi-garden': robot === 'wecom' ? { wecom: { url } } : { [robot]: { url, secret } } },
});

beforeEach(() => freshDataDir());

describe.each<[Robot, { busy: object[]; final: object[] }]>([
  [
    'wecom',
    {
      busy: [
        { errcode: -1, errmsg: 'system busy' },
        { errcode: 45009, errmsg: 'api freq out of limit' },
      ],
      final: [{ errcode: 93000, errmsg: 'invalid webhook url' }],
    },
  ],
  [
    'dingtalk',
    {
      busy: [
        { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
        { errcode: -1, errmsg: '系统繁忙' },
      ],
      final: [{ errcode: 400102, errmsg: '机器人已停用' }],
    },
  ],
  [
    'feishu',
    {
      busy: [
        { code: 9499, msg: 'Bad Request', data: {} },
        { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]', data: {} },
      ],
      final: [{ code: 19024, msg: 'Key Words Not Found', data: {} }],
    },
  ],
])('%s robot', (robot, codes) => {
  let receiver: Awaited<ReturnType<typeof startRobotReceiver>>;
  beforeEach(async () => (receiver = await startRobotReceiver(robot as RobotKind, creds)));
  afterEach(() => receiver.close());
  const send = (key: string, channels = channelsFor(robot, receiver.url)) =>
    postToRobot(platforms[robot], rungPayload(key, ['in_app', robot]), { channels, config, lang: 'zh-CN' });

  it('posts the rung in the platform format, accepted once, with the facts a manager needs', async () => {
    await expect(send('r-1')).resolves.toBe('delivered');
    await expect(send('r-1')).resolves.toBe('delivered'); // a retried activity does not post again
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.accepted()).toHaveLength(1);
    const text = JSON.stringify(receiver.requests[0]!.body);
    for (const fact of ['ZJ-20261124-0007', '周界报警', '城市花园', '巡逻岗到场时限', '已超时 3分钟20秒', '保安队长'])
      expect(text).toContain(fact);
    // Who is told next and when: the office director (管理处主任), 10 minutes after the deadline (chengshi-garden's ladder).
    expect(text).toContain('管理处主任');
    expect(text).toContain('10:15');
    expect(text).toContain('http://localhost:8080/cases/perimeter-alarm-r-1');
    // The group's acknowledge link (issue 21 point 2): the rung and its role, no person (the page asks who).
    expect(text).toContain('确认收到（无需登录）');
    const token = /\/api\/ack\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(text)![1]!;
    const verified = await verifyAckToken(token, Date.parse('2026-11-24T02:09:00Z')); // a minute after the rung
    expect(verified).toEqual({
      claim: {
        caseId: 'perimeter-alarm-r-1',
        n: expect.any(Number),
        site: 'chengshi-garden',
        role: 'security_captain',
      },
      expiresAt: Date.parse('2026-11-25T02:08:20Z'), // 24 hours after it
    });
  });

  it('retries the busy and rate-limit codes, HTTP 5xx and 429, and delivers once after', async () => {
    receiver.script.push(...codes.busy.map((body) => ({ body: body as Record<string, unknown> })));
    receiver.script.push({ status: 503, body: {} }, { status: 429, body: {} });
    const outcomes = [];
    for (let i = 0; i < codes.busy.length + 3; i++) outcomes.push(await outcomeOf(send('r-busy')));
    expect(outcomes).toEqual([...codes.busy.map(() => 'retry'), 'retry', 'retry', 'delivered']);
    expect(receiver.accepted()).toHaveLength(1);
    await send('r-busy');
    expect(receiver.requests).toHaveLength(codes.busy.length + 3);
  });

  it("fails non-retryably on the platform's permanent codes, and never posts that rung again", async () => {
    receiver.script.push(...codes.final.map((body) => ({ body: body as Record<string, unknown> })));
    await expect(outcomeOf(send('r-final'))).resolves.toBe('final');
    await expect(send('r-final')).rejects.toMatchObject({ type: 'ChannelRefused', nonRetryable: true });
    expect(receiver.requests).toHaveLength(1);
  });

  it('is retried, not given up, when the platform refuses the credentials (a wrong key or secret is fixed by an admin)', async () => {
    const wrong =
      robot === 'wecom'
        ? channelsFor(robot, receiver.url.replace('wecom-key', 'old-key'))
        : channelsFor(robot, receiver.url, 'SECold');
    const outcome = await outcomeOf(send('r-cred', wrong));
    // WeCom's key is its URL: a wrong key is "invalid webhook url", documented as the robot being gone.
    expect(outcome).toBe(robot === 'wecom' ? 'final' : 'retry');
    expect(receiver.accepted()).toHaveLength(0);
    if (robot !== 'wecom') await expect(send('r-cred')).resolves.toBe('delivered');
  });

  it('retries a network error and an answer that is not the platform JSON', async () => {
    await expect(outcomeOf(send('r-net', channelsFor(robot, 'http://127.0.0.1:1/x')))).resolves.toBe('retry');
    receiver.script.push({ status: 200, body: {} });
    // A 200 without the platform's code (a proxy, a broken gateway): not the platform's word, so not delivered.
    await expect(outcomeOf(send('r-net'))).resolves.toBe('retry');
    await expect(send('r-net')).resolves.toBe('delivered');
  });
});

describe('notify activity with robots', () => {
  const activityEnv = () => new MockActivityEnvironment({ attempt: 1 }, { logger: new DefaultLogger('WARN') });

  it('records a permanent refusal as undelivered without failing the activity; a busy robot makes it retry', async () => {
    const wecomReceiver = await startRobotReceiver('wecom', creds);
    const dingReceiver = await startRobotReceiver('dingtalk', creds);
    const dir = mkdtempSync(path.join(tmpdir(), 'robots-cfg-'));
    writeFileSync(
      path.join(dir, 'channels.yaml'),
      `sites:\n  chengshi-garden:\n    wecom: { url: '${wecomReceiver.url}' }\n` +
        `    dingtalk: { url: '${dingReceiver.url}', secret: ${creds.secret} }\n`,
    );
    process.env.CHANNELS_CONFIG = path.join(dir, 'channels.yaml');
    try {
      wecomReceiver.script.push({ body: { errcode: 93000, errmsg: 'invalid webhook url' } });
      dingReceiver.script.push({ body: { errcode: 130101, errmsg: 'send too fast' } });
      const payload = rungPayload('notify-robots', ['in_app', 'wecom', 'dingtalk']);
      await expect(activityEnv().run(notify, payload)).rejects.toMatchObject({ nonRetryable: false });
      const result = (await activityEnv().run(notify, payload)) as Awaited<ReturnType<typeof notify>>;
      expect(result.delivered).toEqual(['in_app', 'dingtalk']);
      expect(result.undelivered).toEqual([
        { channel: 'wecom', reason: expect.stringContaining('code 93000 invalid webhook url') },
      ]);
      expect(wecomReceiver.requests).toHaveLength(1);
      expect(dingReceiver.accepted()).toHaveLength(1);
    } finally {
      delete process.env.CHANNELS_CONFIG;
      await wecomReceiver.close();
      await dingReceiver.close();
    }
  });
});
