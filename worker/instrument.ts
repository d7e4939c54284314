import { startTracing } from '../config';

// First import of worker/main.ts: traces start before anything loads http (config/tracing.ts).
startTracing('procwf-worker');
