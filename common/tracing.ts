/**
 * Traces (OpenTelemetry), off by default: on when OTEL_EXPORTER_OTLP_ENDPOINT is set, exported
 * over OTLP/HTTP. Incoming HTTP requests continue the caller's `traceparent`; the calls our code
 * makes with fetch (the gateway's subgraph calls, privacy-contract calls) carry it on, each as a
 * client span; every SQL statement is a span with its literals masked. No GraphQL
 * instrumentation: argument values never reach a span.
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

const TRACER = 'data-subject-gateway';
let provider: NodeTracerProvider | undefined;

/** Routes nobody wants traced: probes and scrapes. */
const QUIET = /^\/(health|ready|metrics)\b/;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** Starts tracing for `service` if configured; must run before http is loaded (tracing-start.ts). */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): void {
  if (provider || !tracingEnabled(env)) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => QUIET.test(req.url ?? ''),
        // Our outgoing calls use fetch, traced by clientSpan; node:http out is the OTLP exporter itself.
        ignoreOutgoingRequestHook: () => true,
      }),
    ],
  });
}

/** Sends the spans not yet exported (a graceful stop). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

/** The active trace as a `traceparent` header value, or null when there is none. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

function linkFrom(traceparent: string | null | undefined): Link[] {
  const m = traceparent ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent) : null;
  if (!m) return [];
  const spanContext: SpanContext = { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true };
  return [{ context: spanContext }];
}

/**
 * A call to another service: a client span whose context goes in the `traceparent` of `headers`.
 * `linkTo` links it to an earlier trace (a retried leg to the request that asked for it).
 */
export async function clientSpan<T>(
  name: string,
  attributes: Record<string, string>,
  headers: Record<string, string> | Headers,
  work: () => Promise<T>,
  linkTo?: string | null,
): Promise<T> {
  if (!provider) return work();
  const span = trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.CLIENT, attributes, links: linkFrom(linkTo) });
  const ctx = trace.setSpan(context.active(), span);
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  for (const [k, v] of Object.entries(carrier)) {
    if (headers instanceof Headers) headers.set(k, v);
    else headers[k] = v;
  }
  return context.with(ctx, () => ended(span, work));
}

/** Work in its own span (a worker's attempt at a leg), linked to `linkTo` when given. */
export function internalSpan<T>(name: string, work: () => Promise<T>, linkTo?: string | null): Promise<T> {
  if (!provider) return work();
  const span = trace.getTracer(TRACER).startSpan(name, { links: linkFrom(linkTo) }, context.active());
  return context.with(trace.setSpan(context.active(), span), () => ended(span, work));
}

async function ended<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** A statement with its values gone: string and number literals become `?`. */
export function maskStatement(sql: string): string {
  return sql
    .replace(/'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/"(?:[^"\\]|\\.)*"(?=\s*(?:,|\)|$|=))/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, '?')
    .slice(0, 2000);
}

/** One SQL statement as a span under the active one (called by the TypeORM logger, common/sql-counter.ts). */
export function sqlSpan(system: 'sqlite' | 'mysql', statement: string): void {
  if (!provider || !trace.getActiveSpan()) return;
  const text = maskStatement(statement);
  trace
    .getTracer(TRACER)
    .startSpan(text.split(/\s+/, 1)[0]?.toUpperCase() || 'SQL', {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': system, 'db.query.text': text },
    })
    .end();
}
