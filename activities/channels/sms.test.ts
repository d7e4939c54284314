import { ApplicationFailure } from '@temporalio/common';
import { loadConfig, verifyAckToken, type ChannelsFile } from '../../config';
import { startRobotReceiver } from '../../tests/support/robot-receivers';
import { phonesOf, popSignature, sendEscalationSms } from './sms';
import { freshDataDir, rungPayload } from './test-support';

// Alibaba Cloud SendSms stands on loopback (tests/support/robot-receivers.ts): it checks the POP v1 signature with
// the account's secret and answers { Code, Message, BizId, RequestId } as dysmsapi does.
const keyId = 'LTAI-test';
const secret = 'test-access-secret';
let receiver: Awaited<ReturnType<typeof startRobotReceiver>>;

// Two security captains at chengshi-garden with phones (config/users.yaml's captain and a twin).
const base = loadConfig();
const users = new Map(base.users);
users.set('security_captain', { ...users.get('security_captain')!, phone: '13800138000' });
users.set('captain_2', { ...users.get('security_captain')!, id: 'captain_2', phone: '+8613900139000' });
const config = { users, sites: base.sites };

const channels = (accessKeySecret = secret): ChannelsFile => ({
  sites: {
    'chengshi-garden': {
      sms: {
        provider: 'aliyun',
        endpoint: receiver.url,
        regionId: 'cn-hangzhou',
        accessKeyId: keyId,
        accessKeySecret,
        signName: '城市花园物业',
        templateCode: 'SMS_123456789',
      },
    },
  },
});
const send = (key: string, accessKeySecret?: string) =>
  sendEscalationSms(rungPayload(key, ['in_app', 'sms']), {
    channels: channels(accessKeySecret),
    config,
    lang: 'zh-CN',
  });
const failureOf = async (run: Promise<unknown>) => {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
};

beforeEach(async () => {
  freshDataDir();
  receiver = await startRobotReceiver('aliyun-sms', { keyId, secret });
});
afterEach(() => receiver.close());

describe('SMS channel (Alibaba Cloud SendSms)', () => {
  it("signs as Alibaba Cloud's documented SendSms example does", () => {
    const example = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(popSignature('GET', example, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('texts each person holding the role once, with the facts as template variables', async () => {
    expect(phonesOf(config, 'chengshi-garden', 'security_captain')).toEqual(['+8613900139000', '13800138000']);
    await expect(send('s-1')).resolves.toBe('delivered');
    await expect(send('s-1')).resolves.toBe('delivered');
    expect(receiver.accepted().map((r) => r.body.PhoneNumbers)).toEqual(['+8613900139000', '13800138000']);
    const first = receiver.requests[0]!.body;
    expect(first).toMatchObject({ SignName: '城市花园物业', TemplateCode: 'SMS_123456789', Action: 'SendSms' });
    expect(JSON.parse(String(first.TemplateParam))).toEqual({
      number: 'ZJ-20261124-0007',
      procedure: '周界报警应急处理',
      site: '城市花园',
      deadline: '巡逻岗到场时限',
      late: '3分钟20秒',
      next: '管理处主任',
      link: 'http://localhost:8080/cases/perimeter-alarm-s-1',
      ack: expect.stringMatching(/^http:\/\/localhost:8080\/api\/ack\/[\w-]+\.[\w-]+\.[\w-]+$/),
    });
    // Each person's text carries their own acknowledge link (issue 21 point 2).
    const acks = receiver.accepted().map((r) => JSON.parse(String(r.body.TemplateParam)).ack as string);
    const claims = await Promise.all(
      acks.map((a) => verifyAckToken(a.split('/').pop()!, Date.parse('2026-11-24T02:09:00Z'))),
    );
    expect(claims.map((c) => ('claim' in c ? c.claim.user : c.refused))).toEqual(['captain_2', 'security_captain']);
    // The provider's OutId is the same on every attempt for a (rung, number).
    expect(new Set(receiver.requests.map((r) => r.body.OutId)).size).toBe(2);
  });

  it('retries 业务限流 (isv.BUSINESS_LIMIT_CONTROL) and texts only the number not yet reached', async () => {
    receiver.script.push({ body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发号码天级流控Permits:10' } });
    const failure = await failureOf(send('s-limit'));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('isv.BUSINESS_LIMIT_CONTROL');
    await expect(send('s-limit')).resolves.toBe('delivered');
    expect(receiver.accepted().map((r) => r.body.PhoneNumbers)).toEqual(['13800138000', '+8613900139000']);
  });

  it('retries a wrong access key secret (SignatureDoesNotMatch): an administrator fixes it', async () => {
    const failure = await failureOf(send('s-key', 'old-secret'));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('SignatureDoesNotMatch');
    await expect(send('s-key')).resolves.toBe('delivered');
  });

  it('records an illegal number for good and still texts the others; all refused fails non-retryably', async () => {
    receiver.script.push({ body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } });
    await expect(send('s-bad')).resolves.toBe('delivered');
    await expect(send('s-bad')).resolves.toBe('delivered');
    expect(receiver.requests).toHaveLength(2);
    receiver.script.push(
      { body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } },
      { body: { Code: 'isv.BLACK_KEY_CONTROL_LIMIT', Message: '黑名单管控' } },
    );
    const failure = await failureOf(send('s-all'));
    expect(failure).toMatchObject({ nonRetryable: true, type: 'ChannelRefused' });
    expect(failure.message).toMatch(/MOBILE_NUMBER_ILLEGAL.*BLACK_KEY_CONTROL_LIMIT/);
    await failureOf(send('s-all'));
    expect(receiver.requests).toHaveLength(4);
  });

  it('retries when the endpoint is down, and is skipped for a site without an SMS account', async () => {
    const down = channels();
    down.sites['chengshi-garden']!.sms!.endpoint = 'http://127.0.0.1:1/';
    const failure = await failureOf(sendEscalationSms(rungPayload('s-down'), { channels: down, config }));
    expect(failure.nonRetryable).toBe(false);
    await expect(sendEscalationSms(rungPayload('s-none'), { channels: { sites: {} }, config })).resolves.toBe(
      'skipped',
    );
  });
});
