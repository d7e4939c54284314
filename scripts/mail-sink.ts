import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { parseMail } from '../activities/channels/test-support';
import { platformAnswer } from '../tests/support/robot-receivers';

/**
 * A local sink for the demo (`npm run mail-sink`): prints every message it is given and keeps none.
 * - SMTP on 127.0.0.1:1025 (MAIL_SINK_PORT): start the app with SMTP_HOST=127.0.0.1 SMTP_PORT=1025.
 * - Group robots on http://127.0.0.1:1026 (MAIL_SINK_HTTP_PORT), as WeCom (`/cgi-bin/webhook/send?key=demo`) and
 *   DingTalk (`/robot/send?access_token=demo`, signed with the secret `SECdemo`) answer them: the request is checked
 *   as the platform checks it (key, token, signature, message shape) and answered with the platform's code, so the
 *   demo shows what a group would see. config/demo/channels.yaml points chengshi-garden's robots here.
 */
const port = Number(process.env.MAIL_SINK_PORT ?? 1025);
const httpPort = Number(process.env.MAIL_SINK_HTTP_PORT ?? 1026);
const demo = { key: 'demo', token: 'demo', secret: 'SECdemo' };

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const { headers, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      console.log(`\n── ${new Date().toISOString()}  e-mail to ${to}\n   ${headers.subject ?? ''}\n`);
      console.log(text.replace(/^/gm, '   '));
      cb();
    });
  },
});

const robots = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const kind = url.pathname === '/robot/send' ? 'dingtalk' : 'wecom';
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      // an empty or broken body gets the platform's own error code below
    }
    const answer = platformAnswer(kind, url.searchParams, body, demo);
    const markdown = body.markdown as { content?: string; text?: string } | undefined;
    console.log(`\n── ${new Date().toISOString()}  ${kind === 'wecom' ? 'WeCom' : 'DingTalk'} group robot`);
    console.log(`   answered ${JSON.stringify(answer.body)}\n`);
    console.log(String(markdown?.content ?? markdown?.text ?? JSON.stringify(body)).replace(/^/gm, '   '));
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`mail sink on 127.0.0.1:${port}; every message is printed here`));
robots.listen(httpPort, '127.0.0.1', () =>
  console.log(`robot sink on http://127.0.0.1:${httpPort} (WeCom and DingTalk group robots)`),
);
process.on('SIGINT', () => {
  robots.close();
  server.close(() => process.exit(0));
});
