import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from './app';
import { loadConfig } from './config/load';

const log = pino({ name: 'api' });

async function main() {
  const config = loadConfig();
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const port = Number(process.env.PORT ?? 8080);
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
