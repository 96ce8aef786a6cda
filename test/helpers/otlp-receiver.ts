/**
 * An OTLP/HTTP (JSON) trace receiver on a free port: what the services' exporters send, as spans
 * a test can read, each named by the `service.name` of its resource.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
}
type Attributes = Array<{ key: string; value: Record<string, unknown> }>;
interface OtlpBody {
  resourceSpans?: Array<{
    resource?: { attributes?: Attributes };
    scopeSpans?: Array<{
      spans?: Array<
        Omit<OtlpSpan, 'service' | 'attributes' | 'links'> & { attributes?: Attributes; links?: OtlpSpan['links'] }
      >;
    }>;
  }>;
}

const attrs = (list: Attributes = []) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

export interface OtlpReceiver {
  /** Every span received so far (the array grows as exports arrive). */
  spans: OtlpSpan[];
  /** The endpoint to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const parsed = JSON.parse(body) as OtlpBody;
      for (const rs of parsed.resourceSpans ?? []) {
        const service = String(attrs(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({ ...s, service, attributes: attrs(s.attributes), links: s.links ?? [] });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    spans,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
