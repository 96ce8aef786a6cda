/**
 * The one logger of every service and worker (pino): one JSON line per event on stderr, or
 * pino-pretty's lines when LOG_FORMAT=pretty (npm start in a terminal). Every line carries the
 * service, the request id and the trace id of the work under way (withLogScope, the active span).
 *
 * A log line is personal data too, so values are masked by default: fields named after personal
 * data (email, name, phone, variables, ...) are removed, subject ids are hashed, and free text
 * (messages, errors from drivers) has its emails, phone numbers, UUIDs and quoted literals masked.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export interface LogScope {
  /** The client request (gateway, subgraph call), or the rights request a worker is working on. */
  requestId?: string;
}

const scopes = new AsyncLocalStorage<LogScope>();

/** Runs `fn` with `scope` on every line it logs, its awaits and callbacks included. */
export function withLogScope<T>(scope: LogScope, fn: () => T): T {
  return scopes.run({ ...scopes.getStore(), ...scope }, fn);
}

export function currentLogScope(): LogScope | undefined {
  return scopes.getStore();
}

const EMAIL = /[^\s@'"<>(),;:]+@[^\s@'"<>(),;:]+\.[A-Za-z]{2,}/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** International (+33 6 12 ...) or national (06 12 34 56 78) numbers; not dates, IPs or ports. */
const PHONE = /\+\d[\d .()-]{7,}\d|\b0\d(?:[ .-]?\d{2}){4}\b/g;
/** Single-quoted literals (values in SQL and in driver errors); double quotes name columns, kept. */
const QUOTED = /'(?:[^'\\]|\\.)*'/g;

/** A stable, one-way reference to an id: the same id gives the same hash on every line and service. */
export function hashId(id: string): string {
  return `#${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
}

/** Free text with what may name a person masked: emails, phone numbers, quoted values; UUIDs hashed. */
export function maskText(text: string): string {
  return text
    .replace(QUOTED, "'?'")
    .replace(EMAIL, '[email]')
    .replace(UUID, (id) => hashId(id.toLowerCase()))
    .replace(PHONE, '[phone]');
}

/** Fields that hold personal values wherever they appear: never written. */
const PERSONAL_KEYS = [
  'email',
  'newEmail',
  'name',
  'displayName',
  'firstName',
  'lastName',
  'phone',
  'recipient',
  'notifyEmail',
  'variables',
  'authorization',
  'body',
  'details',
];
const redactPaths = PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`]);

export type LogFormat = 'json' | 'pretty';

export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json';
}

let service = process.env.SERVICE_NAME ?? 'app';

/** Names the service on every line from now on (each main.ts, the in-process stack). */
export function setLogService(name: string): void {
  service = name;
}

function build(): Logger {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths, remove: true },
    mixin() {
      const scope = scopes.getStore();
      const span = trace.getActiveSpan()?.spanContext();
      return {
        service,
        ...(scope?.requestId ? { requestId: scope.requestId } : {}),
        ...(span ? { traceId: span.traceId } : {}),
      };
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : maskObject(a)));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  if (logFormat() === 'pretty') {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true } }));
  }
  // Asynchronous (decision 287): a line is written at once when no write is under way, and the
  // lines logged meanwhile go together in the next write, instead of one write(2) per line (a
  // line per GraphQL request in every service: 0.7 ms of an export's CPU). The line saying why a
  // process exits is still written before it does: pino flushes this destination synchronously
  // on 'exit' (its on-exit hook), and a SIGKILL loses at most what was logged in the same tick.
  return pino(options, pino.destination({ dest: 2, sync: false }));
}

/** An object's subject ids hashed and its free text masked, one level deep (errors become their masked message). */
function maskObject(value: unknown): unknown {
  if (value instanceof Error) return { err: { type: value.name, message: maskText(value.message) } };
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v instanceof Error) out[k] = { type: v.name, message: maskText(v.message) };
    else if (typeof v === 'string' && /subjectId$/i.test(k)) out[k] = hashId(v);
    else if (typeof v === 'string' && k !== 'requestId' && k !== 'traceId') out[k] = maskText(v);
    else out[k] = v;
  }
  return out;
}

let logger: Logger | undefined;

/** The process's logger (built on first use, so LOG_LEVEL read from files or set by a test counts). */
export function log(): Logger {
  logger ??= build();
  return logger;
}
