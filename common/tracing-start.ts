/**
 * Imported first by each process's main.ts, before express and the drivers load: starts tracing
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (common/tracing.ts), named after the entry's folder
 * (dist/gateway/main.js is `gateway`, dist/subgraphs/profile/main.js is `profile`).
 */
import path from 'node:path';
import { startTracing } from './tracing';

startTracing(path.basename(path.dirname(process.argv[1] ?? 'app')));
