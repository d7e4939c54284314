import { SMTPServer } from 'smtp-server';
import { parseMail } from '../activities/channels/test-support';

/**
 * A local SMTP server for the demo (`npm run mail-sink`): prints every message it is given and keeps none. Start the
 * app with SMTP_HOST=127.0.0.1 SMTP_PORT=1025 and escalation e-mails appear here.
 */
const port = Number(process.env.MAIL_SINK_PORT ?? 1025);
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const { headers, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      console.log(`\n── ${new Date().toISOString()}  to ${to}\n   ${headers.subject ?? ''}\n`);
      console.log(text.replace(/^/gm, '   '));
      cb();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`mail sink on 127.0.0.1:${port}; every message is printed here`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
