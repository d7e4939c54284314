import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from './app';
import { describeConnection, loadSettings, productionProblems } from '../config';

const log = pino({ name: 'api' });

async function main() {
  // Environment and config/ checked once, before anything connects: a bad value stops the start, named.
  const { env, config, temporal } = loadSettings();
  // NODE_ENV=production: no start with the repository's demo secrets (docs/production.md).
  const problems = env.NODE_ENV === 'production' ? productionProblems(config) : [];
  if (problems.length) throw new Error(`refusing to start in production:\n- ${problems.join('\n- ')}`);
  const connection = await Connection.connect({
    address: temporal.address,
    tls: temporal.tls,
    apiKey: temporal.apiKey,
  });
  const client = new Client({ connection, namespace: temporal.namespace });
  log.info(describeConnection(temporal), 'temporal connected');
  const port = env.PORT;
  const server = createApp({ client, config, logger: log }).listen(port, '0.0.0.0', () =>
    log.info({ port }, 'api listening'),
  );
  const stop = () => {
    log.info('api stopping');
    server.close(() => void connection.close().then(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  log.error(err, 'api failed to start');
  process.exit(1);
});
