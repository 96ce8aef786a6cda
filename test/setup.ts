import 'reflect-metadata';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
// The daily sweep would run as of the real date over data laid out from TEST_NOW: tests start it themselves.
process.env.RETENTION_SCHEDULE ??= 'off';
// One JSON line per GraphQL request would drown jest's output: tests that read logs ask for more.
process.env.LOG_LEVEL ??= 'warn';
