import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channelSecret, loadChannels } from './channels';
import { loadConfig } from './load';
import { nextRungOf } from './ladder';

// config/channels.yaml is checked at start: a bad entry stops the worker naming the file and the entry's path.
const fileWith = (yaml: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'procwf-channels-')), 'channels.yaml');
  writeFileSync(file, yaml);
  return file;
};

const good = `sites:
  xinghe-mall:
    wecom: { urlEnv: WECOM_XINGHE_KEY }
    dingtalk: { urlEnv: DINGTALK_XINGHE_URL, secretEnv: DINGTALK_XINGHE_SECRET }
    feishu: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secretEnv: FEISHU_XINGHE_SECRET }
    sms:
      provider: aliyun
      accessKeyIdEnv: ALIYUN_SMS_KEY_ID
      accessKeySecretEnv: ALIYUN_SMS_KEY_SECRET
      signName: 星河购物中心
      templateCode: SMS_123456789
`;

describe('channels file', () => {
  it('reads robots and an SMS account per site, secrets by variable name, with the SMS defaults', () => {
    const { sites } = loadChannels(fileWith(good), {});
    expect(sites['xinghe-mall']).toMatchObject({
      wecom: { urlEnv: 'WECOM_XINGHE_KEY' },
      dingtalk: { secretEnv: 'DINGTALK_XINGHE_SECRET' },
      sms: { endpoint: 'https://dysmsapi.aliyuncs.com/', regionId: 'cn-hangzhou', templateCode: 'SMS_123456789' },
    });
  });

  it.each([
    [
      'a robot with neither url nor urlEnv',
      'wecom: {}',
      /channels\.yaml: sites\.xinghe-mall\.wecom\.url: give exactly one of url and urlEnv/,
    ],
    [
      'a DingTalk robot without its secret',
      "dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t' }",
      /sites\.xinghe-mall\.dingtalk\.secret: give exactly one of secret and secretEnv/,
    ],
    [
      'a secret variable that is no variable name',
      'feishu: { urlEnv: feishu-url, secretEnv: S }',
      /sites\.xinghe-mall\.feishu\.urlEnv: expected an environment variable name/,
    ],
    [
      'a robot URL that is not http(s)',
      "wecom: { url: 'ftp://x' }",
      /sites\.xinghe-mall\.wecom\.url: expected an http\(s\) URL/,
    ],
    [
      'an SMS provider nobody wrote',
      'sms: { provider: tencent, accessKeyId: a, accessKeySecret: b, signName: s, templateCode: SMS_1 }',
      /sites\.xinghe-mall\.sms\.provider/,
    ],
    [
      'an unknown key (a typo)',
      "wecomm: { url: 'https://x.example' }",
      /sites\.xinghe-mall: Unrecognized key: "wecomm"/,
    ],
  ])('names the file and the entry of %s', (_what, entry, message) => {
    expect(() => loadChannels(fileWith(`sites:\n  xinghe-mall:\n    ${entry}\n`), {})).toThrow(message);
  });

  it('in production, stops at start when a variable the file names is not set, naming the entry', () => {
    const file = fileWith(good);
    const env = {
      NODE_ENV: 'production',
      WECOM_XINGHE_KEY: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      DINGTALK_XINGHE_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      DINGTALK_XINGHE_SECRET: 'SECx',
      ALIYUN_SMS_KEY_ID: 'id',
      ALIYUN_SMS_KEY_SECRET: 'secret',
    };
    expect(() => loadChannels(file, env)).toThrow(
      `${file}: sites.xinghe-mall.feishu.secretEnv: environment variable FEISHU_XINGHE_SECRET is not set`,
    );
    expect(loadChannels(file, { ...env, FEISHU_XINGHE_SECRET: 'f' }).sites['xinghe-mall']!.feishu).toBeDefined();
    // Outside production a variable may be missing at start: the send fails then, retryably, naming it.
    expect(() => channelSecret({ secretEnv: 'FEISHU_XINGHE_SECRET' }, 'secret', 'feishu bot', {})).toThrow(
      'feishu bot: environment variable FEISHU_XINGHE_SECRET is not set',
    );
  });
});

describe('the rung after an escalation', () => {
  const sites = loadConfig().sites;
  it("names the next role of the site's ladder and when it falls due", () => {
    // chengshi-garden's patrol ladder: squad leader at once, security captain after 3 min, office director after 10.
    const after = nextRungOf(
      sites.get('chengshi-garden'),
      'perimeter-alarm',
      'patrol_arrival',
      2,
      '2026-11-24T02:05:00Z',
    );
    expect(after).toEqual({ role: 'office_director', at: Date.parse('2026-11-24T02:15:00Z') });
    expect(
      nextRungOf(sites.get('chengshi-garden'), 'perimeter-alarm', 'patrol_arrival', 3, '2026-11-24T02:05:00Z'),
    ).toBeUndefined();
    expect(
      nextRungOf(sites.get('chengshi-garden'), 'no-such-procedure', 'x', 1, '2026-11-24T02:05:00Z'),
    ).toBeUndefined();
  });
});
