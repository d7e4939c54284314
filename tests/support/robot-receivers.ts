import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the platforms' endpoints, written from their documentation rather than from our senders: each
 * checks the request as the platform does (path, key or token, signature and its time window, message shape) and
 * answers in the platform's own contract — HTTP 200 with its error code in the body. `script` lets a test answer
 * chosen requests with a chosen code (busy, rate limited, permanent) before the normal handling.
 *
 * - WeCom (企业微信群机器人): POST /cgi-bin/webhook/send?key=K, JSON msgtype text|markdown; `{ errcode, errmsg }`,
 *   93000 for a wrong key, 40008 bad msgtype, 44004 empty content.
 * - DingTalk (钉钉自定义机器人, 加签): POST /robot/send?access_token=T&timestamp=ms&sign=base64(HmacSHA256(secret,
 *   "timestamp\nsecret")); 300001 bad token, 310000 sign not match or stale timestamp (> 1 h).
 * - Feishu (飞书自定义机器人, 签名校验): POST /open-apis/bot/v2/hook/ID with body timestamp (s) and sign =
 *   base64(HmacSHA256 keyed "timestamp\nsecret" over nothing); `{ code, msg, data }`, 19021 sign match fail.
 * - Alibaba Cloud SMS SendSms: form POST with POP v1 signature (HMAC-SHA1 keyed `secret&` over
 *   `POST&%2F&<encoded canonical query>`); `{ Code: "OK", BizId, RequestId }`, SignatureDoesNotMatch (HTTP 400),
 *   isv.MOBILE_NUMBER_ILLEGAL.
 */
export type RobotKind = 'wecom' | 'dingtalk' | 'feishu' | 'aliyun-sms';

/** One request as the receiver saw it; `accepted` when it passed every check and was answered with success. */
export interface RobotRequest {
  kind: RobotKind;
  query: URLSearchParams;
  body: Record<string, unknown>;
  accepted: boolean;
  answer: Record<string, unknown>;
}

/** An answer a test forces on the next request: the platform's JSON (HTTP 200 unless `status`). */
export interface ScriptedAnswer {
  status?: number;
  body?: Record<string, unknown>;
}

const HOUR_MS = 3_600_000;
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The POP v1 signature Alibaba Cloud computes for `params` (everything but Signature) with `secret`. */
export function aliyunExpectedSignature(method: string, params: URLSearchParams, secret: string): string {
  const pairs = [...params.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`${method}&${rfc3986('/')}&${rfc3986(canonical)}`)
    .digest('base64');
}

function checkWecom(query: URLSearchParams, body: Record<string, unknown>, key: string) {
  if (query.get('key') !== key) return { errcode: 93000, errmsg: 'invalid webhook url, hint: [test]' };
  const type = body.msgtype;
  if (type !== 'text' && type !== 'markdown') return { errcode: 40008, errmsg: 'invalid message type' };
  const content = (body[type] as { content?: string } | undefined)?.content ?? '';
  if (!content) return { errcode: 44004, errmsg: 'empty content' };
  if (Buffer.byteLength(content) > (type === 'text' ? 2048 : 4096))
    return { errcode: 40058, errmsg: 'content exceed max length' };
  return { errcode: 0, errmsg: 'ok' };
}

function checkDingtalk(query: URLSearchParams, body: Record<string, unknown>, token: string, secret: string) {
  if (query.get('access_token') !== token) return { errcode: 300001, errmsg: 'token is not exist' };
  const timestamp = Number(query.get('timestamp'));
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  if (Math.abs(Date.now() - timestamp) > HOUR_MS || query.get('sign') !== expected)
    return { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' };
  const markdown = body.markdown as { title?: string; text?: string } | undefined;
  if (body.msgtype === 'markdown' ? !markdown?.title || !markdown.text : body.msgtype !== 'text')
    return { errcode: 400105, errmsg: '不支持的消息类型' };
  return { errcode: 0, errmsg: 'ok' };
}

function checkFeishu(body: Record<string, unknown>, secret: string) {
  const timestamp = Number(body.timestamp);
  const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  if (Math.abs(Date.now() / 1000 - timestamp) > 3600 || body.sign !== expected)
    return { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} };
  if (!['text', 'post', 'interactive'].includes(String(body.msg_type)) || !body.content)
    return { code: 19001, msg: 'param invalid: incoming webhook msg_type or content invalid', data: {} };
  return { code: 0, msg: 'success', data: {} };
}

function checkAliyun(form: URLSearchParams, keyId: string, secret: string): ScriptedAnswer {
  if (form.get('AccessKeyId') !== keyId)
    return {
      status: 404,
      body: { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' },
    };
  if (form.get('Signature') !== aliyunExpectedSignature('POST', form, secret))
    return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched.' } };
  for (const name of ['Action', 'Version', 'SignatureNonce', 'Timestamp', 'SignName', 'TemplateCode'])
    if (!form.get(name)) return { status: 400, body: { Code: 'MissingParameter', Message: `${name} is mandatory` } };
  if (form.get('Action') !== 'SendSms' || form.get('Version') !== '2017-05-25')
    return { status: 400, body: { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found' } };
  if (!/^(\+?86)?1\d{10}$/.test(form.get('PhoneNumbers') ?? ''))
    return { body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } };
  try {
    JSON.parse(form.get('TemplateParam') ?? '{}');
  } catch {
    return { body: { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' } };
  }
  return {
    body: { Code: 'OK', Message: 'OK', BizId: `biz-${form.get('OutId')}`, RequestId: form.get('SignatureNonce') },
  };
}

const jsonOrEmpty = (raw: string): Record<string, unknown> => {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** The credentials a receiver expects: WeCom key, DingTalk token + secret, Feishu secret, Alibaba key id + secret. */
export interface RobotCredentials {
  key?: string;
  token?: string;
  secret?: string;
  keyId?: string;
}

/**
 * What the platform answers a request that no script overrides: its success JSON when the request passes its checks,
 * else its error code. `body` is the parsed JSON (the form's fields for SMS).
 */
export function platformAnswer(
  kind: RobotKind,
  query: URLSearchParams,
  body: Record<string, unknown>,
  creds: RobotCredentials,
): ScriptedAnswer {
  if (kind === 'wecom') return { body: checkWecom(query, body, creds.key!) };
  if (kind === 'dingtalk') return { body: checkDingtalk(query, body, creds.token!, creds.secret!) };
  if (kind === 'feishu') return { body: checkFeishu(body, creds.secret!) };
  return checkAliyun(new URLSearchParams(body as Record<string, string>), creds.keyId!, creds.secret!);
}

/** Starts one platform's receiver on a free loopback port; `url` is the webhook URL (or SMS endpoint) to configure. */
export async function startRobotReceiver(kind: RobotKind, creds: RobotCredentials) {
  const requests: RobotRequest[] = [];
  const script: ScriptedAnswer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const form = new URLSearchParams(raw);
      const body = kind === 'aliyun-sms' ? Object.fromEntries(form) : jsonOrEmpty(raw);
      const checked = platformAnswer(kind, query, body, creds);
      const ok = (b: Record<string, unknown> | undefined) => b?.errcode === 0 || b?.code === 0 || b?.Code === 'OK';
      const forced = ok(checked.body) ? script.shift() : undefined; // a forced answer only for a request that passed
      const answer = forced ?? checked;
      requests.push({ kind, query, body, accepted: !forced && ok(checked.body), answer: answer.body ?? {} });
      res
        .writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url =
    kind === 'wecom'
      ? `${base}/cgi-bin/webhook/send?key=${creds.key}`
      : kind === 'dingtalk'
        ? `${base}/robot/send?access_token=${creds.token}`
        : kind === 'feishu'
          ? `${base}/open-apis/bot/v2/hook/test-hook`
          : `${base}/`;
  return {
    url,
    requests,
    script,
    /** Requests the platform would have acted on. */
    accepted: () => requests.filter((r) => r.accepted),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
