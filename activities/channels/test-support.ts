import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ActionPayload } from '../../workflows/engine/case-core';

/** A fresh DATA_DIR for a test file. */
export const freshDataDir = () => (process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'channels-')));

/** A perimeter-alarm rung at chengshi-garden, 3 min 20 s late, to the security captain. */
export function rungPayload(key: string, channels = ['in_app', 'email']): ActionPayload {
  return {
    key,
    caseId: `perimeter-alarm-${key}`,
    number: 'ZJ-20261124-0007',
    procedure: 'perimeter-alarm',
    site: 'chengshi-garden',
    params: { escalation: 2 },
    escalation: {
      n: 2,
      timer: 'patrol_arrival',
      level: 2,
      to: 'security_captain',
      channels,
      dueAt: '2026-11-24T02:05:00.000Z',
      at: '2026-11-24T02:08:20.000Z',
      notifiedVia: [],
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
}

const decodeWords = (value: string) =>
  value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

/** Just enough MIME to read a single-part text message: unfolded, decoded headers and the decoded body. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head!.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const body = rest.join('\n\n');
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** A real SMTP server on a free loopback port that keeps what it receives; `reject` refuses chosen recipients. */
export async function startSmtp(opts: { user?: string; pass?: string } = {}) {
  const received: ReceivedMail[] = [];
  // reject: addresses refused (451) for as long as they are listed; refuseNext: that many next recipients refused.
  // bounce: addresses refused for good (550).
  // refuseAuth: logins refused with 535 (a wrong or expired password) while true; authRefused counts them.
  const state = {
    reject: new Set<string>(),
    bounce: new Set<string>(),
    refuseNext: 0,
    refused: 0,
    refuseAuth: false,
    authRefused: 0,
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !opts.user,
    logger: false,
    onAuth(auth, _session, cb) {
      if (state.refuseAuth) {
        state.authRefused++;
        cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      } else if (auth.username === opts.user && auth.password === opts.pass) cb(null, { user: auth.username });
      else cb(new Error('bad credentials'));
    },
    onRcptTo(address, _session, cb) {
      if (state.bounce.has(address.address)) {
        cb(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        return;
      }
      if (state.reject.has(address.address) || state.refuseNext > 0) {
        state.refuseNext = Math.max(0, state.refuseNext - 1);
        state.refused++;
        const err = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 });
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
