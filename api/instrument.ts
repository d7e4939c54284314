import { startTracing } from '../config';

// First import of api/server.ts: traces start before http and Express load (config/tracing.ts).
startTracing('procwf-api');
