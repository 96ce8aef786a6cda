/**
 * Issue 20, acceptance 3: traces across the federation, from the real processes to an OTLP/HTTP
 * receiver in the test. The caller's `traceparent` is continued by the gateway, carried to each
 * subgraph the erasure reaches and down to their SQL; the billing leg, retried by the worker once
 * billing is back, is linked to the request's trace. No span holds a personal value.
 */
import { randomBytes } from 'node:crypto';
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './helpers/otlp-receiver';
import { startProcessStack, type ProcessStack } from './helpers/processes';
import { requestById, rights, waitForStatus } from './helpers/rights';

jest.setTimeout(180_000);

let receiver: OtlpReceiver;
let spans: OtlpSpan[] = [];
let stack: ProcessStack;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  spans = receiver.spans;
  stack = await startProcessStack({
    subjects: 6,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'info' },
  });
});
afterAll(async () => {
  await stack?.stopAll();
  await receiver?.close();
});

async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until)
      throw new Error(`never saw ${what}; spans: ${spans.map((s) => `${s.service}:${s.name}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('one trace holds the gateway, each subgraph call and the SQL of an erasure; the retried leg links to it', async () => {
  const subjectId = demoId('subject', FEATURED_INDEX.golden);
  const who = await stack.query<{ subject: { fullName: string; email: string; phone: string | null } }>(
    'query($id: ID!) { subject(id: $id) { fullName email phone } }',
    { id: subjectId },
  );
  const { fullName, email, phone } = who.data!.subject;

  await stack.stop('billing');
  const traceId = randomBytes(16).toString('hex');
  const callerSpan = randomBytes(8).toString('hex');
  const erasure = await rights(
    stack,
    'eraseSubject',
    { subjectId, reason: 'Art. 17(1)(a)' },
    { role: 'dpo', headers: { traceparent: `00-${traceId}-${callerSpan}-01` } },
  );
  expect(erasure.errors).toBeUndefined();
  const id = erasure.request!.id;
  await eventually(async () => {
    const r = await requestById(stack, id);
    return (r?.legs.find((l) => l.subgraph === 'billing')?.attempts ?? 0) >= 1 ? r : undefined;
  }, 'a failed billing attempt');
  await stack.start('billing');
  await waitForStatus(stack, id, ['COMPLETED'], 60_000);

  // The caller's trace, continued by the gateway and carried to every subgraph the erasure reached.
  const inTrace = () => spans.filter((s) => s.traceId === traceId);
  const gatewayRoot = await eventually(
    () => inTrace().find((s) => s.service === 'gateway' && s.parentSpanId === callerSpan),
    "the gateway's span under the caller's",
  );
  for (const service of ['requests', 'profile', 'sessions', 'support'])
    await eventually(() => inTrace().find((s) => s.service === service), `a ${service} span in the trace`);
  const profileSql = await eventually(
    () =>
      inTrace().find((s) => s.service === 'profile' && /^(DELETE|UPDATE)/.test(String(s.attributes['db.query.text']))),
    "profile's erasure statements in the trace",
  );
  expect(inTrace().some((s) => s.parentSpanId === gatewayRoot.spanId)).toBe(true);
  expect(String(profileSql.attributes['db.query.text'])).not.toMatch(/'[^?']/);

  // The billing leg, run by the worker after billing came back: its own trace, linked to the
  // request's, down to billing's SQL (the attempts while billing was down are linked too).
  const retried = await eventually(() => {
    const legTraces = new Set(
      spans.filter((s) => s.name === 'leg billing' && s.links.some((l) => l.traceId === traceId)).map((s) => s.traceId),
    );
    return spans.find((s) => s.service === 'billing' && legTraces.has(s.traceId) && s.attributes['db.query.text']);
  }, "billing's SQL in the trace of a billing leg linked to the request");
  expect(retried.traceId).not.toBe(traceId);

  // The log lines of that request carry its trace id (common/log.ts), in the gateway and beyond.
  const logged = (name: 'gateway' | 'requests') =>
    stack
      .output(name)
      .split('\n')
      .filter((l) => l.startsWith('! {'))
      .map((l) => JSON.parse(l.slice(2)) as Record<string, unknown>);
  expect(logged('gateway').find((l) => l.operation === 'mutation.eraseSubject')).toMatchObject({ traceId });
  expect(logged('requests').some((l) => l.traceId === traceId)).toBe(true);

  const personal = [subjectId, email, fullName, ...(phone ? [phone] : [])].map((v) => v.toLowerCase());
  for (const s of spans) {
    const text = JSON.stringify({ name: s.name, attributes: s.attributes }).toLowerCase();
    for (const value of personal) expect([s.service, s.name, text.includes(value)]).toEqual([s.service, s.name, false]);
  }
});
